/**
 * FHIR search through the gate, in one transaction. The index finds the page (its rows come in
 * the same statement, still sealed); their keys come from this process's key cache, with a staff
 * member's context for their patient, or are read in the transaction; each candidate is opened and decided, refused
 * ones silently left out, and one audit entry written per patient, type and outcome. A page may
 * hold fewer entries than asked once refusals are left out; `more` still says whether the index
 * has another page.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { AccessDecision } from '../access/index.js';
import type { AuditEntryInput } from '../audit/index.js';
import { findPage } from '../fhir/search/search-sql.js';
import type { SearchPlan } from '../fhir/search/search-request.js';
import { RecordKeys } from '../records/record-keys.js';
import { openRows } from '../records/record-store.js';
import type { RecordRepository, RepositoryDeps } from './record-repository.js';

export interface SearchPage {
  resources: Resource[];
  more: boolean;
}

export async function searchThroughGate(
  repo: RecordRepository,
  deps: RepositoryDeps,
  plan: SearchPlan,
): Promise<SearchPage> {
  const tenantId = repo.tenantId;
  // Nothing is made before the token is checked (inside the transaction): a practice without
  // a key has sealed and indexed nothing, so it has no candidates.
  const keys = await RecordKeys.load(deps.keyring, tenantId, [], { create: false });
  return repo.readTransaction(keys, async (session) => {
    const { rows, more } = keys.has(null)
      ? await findPage(session.tx, tenantId, keys.searchKey, plan)
      : { rows: [], more: false };
    if (session.actor.kind === 'staff') {
      // A staff member's context for a patient comes with the patient's key (staff-context.ts):
      // gathered before the page is opened, it spares opening it a statement of its own.
      for (const patientId of new Set(rows.map((row) => row.patient_id))) {
        if (patientId !== null) await repo.contextOf(session, patientId);
      }
    }
    const versions = await openRows(session.tx, tenantId, keys, rows);
    const found: Resource[] = [];
    const entries = new Map<string, AuditEntryInput>();
    const note = (patientId: string | null, decision: AccessDecision) => {
      const entry = repo.entry('search', { patientId, resourceType: plan.resourceType }, decision);
      entries.set(`${patientId} ${entry.outcome} ${decision.reason}`, entry);
    };
    for (const version of versions) {
      if (version.deleted) continue;
      const decision = await repo.decide(session, 'search', version.resource, version.patientId);
      note(version.patientId, decision);
      if (decision.allowed) found.push(repo.masked(version.resource, decision));
    }
    if (versions.length === 0) {
      // Nothing matched: still a search, recorded with what the actor may do on this type.
      const probe = { resourceType: plan.resourceType } as Resource;
      note(null, await repo.decide(session, 'search', probe, plan.patientIds?.[0] ?? null));
    }
    session.audit.push(...entries.values());
    return { resources: found, more };
  });
}
