/**
 * Exact look-up of current resources by business identifier (`system|value`), for the jobs
 * that must not duplicate what they store: the importer matching re-imported data, the lab feed
 * matching a patient by MRN. Below the gate (a system path): callers are named jobs.
 */
import type { Tx } from '../../db/transactions.js';
import { findCandidates, type Candidate } from './search-sql.js';
import { parseSearch } from './search-request.js';

/** Current resources of `resourceType` carrying identifier `system|value` (at most 10). */
export async function findByIdentifier(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  resourceType: string,
  identifier: { system?: string | undefined; value: string },
): Promise<Candidate[]> {
  const term = identifier.system ? `${identifier.system}|${identifier.value}` : identifier.value;
  const plan = parseSearch(resourceType, [
    ['identifier', term],
    ['_count', '10'],
  ]);
  return (await findCandidates(tx, tenantId, searchKey, plan)).candidates;
}
