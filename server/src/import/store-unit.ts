/**
 * Storing one unit (a Bundle, or a batch of NDJSON lines) as a named system job: validate every
 * resource, decide ids and rewrite references in a read-only transaction, fetch the keys (never
 * inside a transaction), then write the new resources, their search index and the audit
 * entries in ONE tenant transaction, so a unit is stored whole or not at all.
 */
import type { Resource } from '@medplum/fhirtypes';
import { categoryOf } from '../access/index.js';
import { appendInTransaction, type AuditEntryInput } from '../audit/index.js';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { assertValidResource } from '../fhir/validation/index.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { keysForResources, systemInsertResources } from '../records/system-record-writer.js';
import { ImportError, type EntryProblem, type UnitEntry, type UnitResult } from './import-types.js';
import { resolveUnit } from './resolve-unit.js';

/** What every unit of one run shares. */
export interface ImportContext {
  db: HavenDatabase;
  keyring: Keyring;
  tenantId: string;
  searchKey: Buffer;
  /** References answered by units already committed in this run (`urn:uuid:...` -> Type/id). */
  known: Map<string, string>;
  now: () => Date;
}

const SHOWN_ISSUES = 3;

/**
 * The entry's validation problem, or undefined when it is valid base R4. The reason names the
 * locations and rules broken (first few), never a value.
 */
export function validationProblem(entry: UnitEntry): string | undefined {
  try {
    assertValidResource(entry.resource);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const shown = error.issues.slice(0, SHOWN_ISSUES).map((i) => `${i.location}: ${i.message}`);
    const more = error.issues.length - shown.length;
    return `${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
  }
}

/** Describes a problem as the operator sees it: where, which type, what. */
export function describeProblem(entries: readonly UnitEntry[], problem: EntryProblem): string {
  const entry = entries[problem.index];
  const type = typeof entry?.resource.resourceType === 'string' ? entry.resource.resourceType : '?';
  return `${entry?.location ?? '?'} (${type}): ${problem.reason}`;
}

/**
 * Stores `entries`. `atomic` (a Bundle): any problem refuses the whole unit with an
 * ImportError. Otherwise (NDJSON) entries with problems are left out and returned.
 */
export async function storeUnit(
  context: ImportContext,
  entries: readonly UnitEntry[],
  atomic: boolean,
): Promise<UnitResult & { problems: EntryProblem[] }> {
  const invalid: EntryProblem[] = [];
  for (const [index, entry] of entries.entries()) {
    const reason = validationProblem(entry);
    if (reason === undefined) continue;
    if (atomic) throw new ImportError(describeProblem(entries, { index, reason }));
    invalid.push({ index, reason });
  }
  const valid =
    invalid.length === 0 ? entries : entries.filter((_, i) => !invalid.some((p) => p.index === i));
  const { tenantId } = context;
  const resolved = await tenantTransaction(context.db, tenantId, (tx) =>
    resolveUnit(tx, tenantId, context.searchKey, valid, context.known),
  );
  if (atomic && resolved.problems[0]) {
    throw new ImportError(describeProblem(valid, resolved.problems[0]));
  }
  const keys = await keysForResources(context.keyring, tenantId, resolved.fresh);
  const now = context.now();
  try {
    await tenantTransaction(context.db, tenantId, async (tx) => {
      await systemInsertResources(tx, tenantId, keys, resolved.fresh, now);
      // Last in the transaction: from here to COMMIT it holds an audit chain's head.
      await appendInTransaction(tx, auditEntries(tenantId, resolved.fresh));
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ImportError('the records changed while this was imported; import it again');
    }
    throw error;
  }
  for (const [key, reference] of resolved.mapping) context.known.set(key, reference);
  const problems = [
    ...invalid,
    ...resolved.problems.map((p) => ({
      ...p,
      index: entries.indexOf(valid[p.index] as UnitEntry),
    })),
  ];
  return { created: resolved.fresh.length, unchanged: resolved.unchanged, problems };
}

/**
 * One `create` entry per patient compartment and resource type: who (the system job), whose
 * record and what kind of data, never which record's content. One per resource would double
 * the rows an import writes and say nothing more to a privacy officer.
 */
function auditEntries(tenantId: string, resources: readonly Resource[]): AuditEntryInput[] {
  const entries = new Map<string, AuditEntryInput>();
  for (const resource of resources) {
    const patientId = patientCompartmentOf(resource) ?? null;
    const key = `${patientId} ${resource.resourceType}`;
    if (entries.has(key)) continue;
    entries.set(key, {
      tenantId,
      actorUserId: null,
      patientId,
      action: 'create',
      outcome: 'success',
      reasonCode: 'system_job',
      purposeOfUse: 'SYSADMIN',
      dataCategory: categoryOf(resource.resourceType) ?? 'unknown',
      resourceType: resource.resourceType,
    });
  }
  return [...entries.values()];
}
