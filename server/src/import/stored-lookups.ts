/**
 * The look-ups the importer makes before it writes, inside a read-only tenant transaction:
 * which ids are taken (and by what), and which stored resource carries an identifier. Only
 * ids, types and compartments are read; nothing is decrypted.
 */
import type { Identifier } from '@medplum/fhirtypes';
import type { Tx } from '../db/transactions.js';
import { findByIdentifier } from '../fhir/search/find-by-identifier.js';
import { supportedParam } from '../fhir/search/search-params.js';

/** What holds an id in the tenant. */
export interface TakenId {
  resourceType: string;
  patientId: string | null;
}

/** The current rows among `ids` (any type), by id. */
export async function takenIds(
  tx: Tx,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, TakenId>> {
  const taken = new Map<string, TakenId>();
  const unique = [...new Set(ids)];
  // Chunked to stay far below the bind-parameter limit of one statement.
  for (let start = 0; start < unique.length; start += 1000) {
    const rows = await tx
      .selectFrom('fhir_current')
      .select(['resource_type', 'id', 'patient_id'])
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', unique.slice(start, start + 1000))
      .execute();
    for (const row of rows) {
      taken.set(row.id, { resourceType: row.resource_type, patientId: row.patient_id });
    }
  }
  return taken;
}

/** Whether stored resources of this type can be found by identifier (Haven indexes it). */
export function matchesByIdentifier(resourceType: string): boolean {
  return supportedParam(resourceType, 'identifier') !== undefined;
}

/**
 * The one stored resource of `resourceType` carrying any of `identifiers` (first identifier
 * that matches wins); `ambiguous` when an identifier matches several, which the caller refuses
 * rather than guess.
 */
export async function storedByIdentifier(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  resourceType: string,
  identifiers: readonly Identifier[] | undefined,
): Promise<{ id: string } | 'ambiguous' | undefined> {
  for (const identifier of identifiers ?? []) {
    if (typeof identifier.value !== 'string' || identifier.value === '') continue;
    const found = await findByIdentifier(tx, tenantId, searchKey, resourceType, {
      system: identifier.system,
      value: identifier.value,
    });
    const ids = new Set(found.map((c) => c.id));
    if (ids.size > 1) return 'ambiguous';
    const [id] = ids;
    if (id) return { id };
  }
  return undefined;
}
