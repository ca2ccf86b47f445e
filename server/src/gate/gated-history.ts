/**
 * Reading a record's history (FHIR `_history`, vread) through the gate. The decision sees the
 * sensitivity labels of every version at once: a record once labelled (a note later relabelled)
 * keeps its earlier versions out of reach of whoever may not see that label.
 */
import type { Coding, Resource } from '@medplum/fhirtypes';
import { notFound } from '../errors/app-error.js';
import { RecordKeys } from '../records/record-keys.js';
import { locateResource, readHistory, type StoredVersion } from '../records/record-store.js';
import type { RecordRepository, RepositoryDeps } from './record-repository.js';

/** Every version, newest first (or only `versionId`), masked for the actor; else 404. */
export async function historyThroughGate(
  repo: RecordRepository,
  deps: RepositoryDeps,
  resourceType: string,
  id: string,
  versionId?: number,
): Promise<StoredVersion[]> {
  const tenantId = repo.tenantId;
  const keys = await RecordKeys.load(deps.keyring, tenantId, [], { create: false });
  // Found inside the gate's transaction, after the token is checked: nobody learns whether a
  // record exists before they are known.
  const versions = await repo.readTransaction(keys, async (session) => {
    const location = await locateResource(session.tx, tenantId, resourceType, id);
    if (!location) return [];
    await keys.ensureIn(session.tx, [location.patientId]);
    if (!keys.has(location.patientId)) return [];
    const all = await readHistory(session.tx, tenantId, keys, resourceType, id);
    const labels: Coding[] = all.flatMap((v) => v.resource.meta?.security ?? []);
    const probe = { resourceType, id, meta: { security: labels } } as Resource;
    const decision = await repo.decide(session, 'read', probe, location.patientId);
    const target = { patientId: location.patientId, resourceType, resourceId: location.id };
    session.audit.push(repo.entry('read', target, decision));
    if (!decision.allowed) return [];
    return all.map((v) => ({ ...v, resource: repo.masked(v.resource, decision) }));
  });
  const wanted =
    versionId === undefined ? versions : versions.filter((v) => v.versionId === versionId);
  if (wanted.length === 0) throw notFound();
  return wanted;
}
