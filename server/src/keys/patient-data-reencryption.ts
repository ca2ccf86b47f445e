/**
 * Re-encrypts one patient's records under the current generation of their key, in batches, on
 * the system path (a platform job: no actor, no access decision; the rows never leave this
 * function in clear). Each batch is one short transaction, so readers and writers are held up
 * for one batch at most, and an interrupted job loses at most the batch in flight.
 *
 * Safe beside live traffic: a reader holding both generations opens a row whether it sees the
 * old bytes or the new, and each row is replaced only if it still holds the exact bytes read
 * (compare-and-set), so a row changed meanwhile (another job re-encrypted it) is never
 * overwritten. New versions are new rows, never updates: a write racing a batch is simply a
 * row this pass or the final pass before retirement picks up if it is under an old generation.
 */
import { sql } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import { patientScope } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { RecordKeys } from '../records/record-keys.js';
import { generationHeader } from '../records/record-sealing.js';

/** What one pass over a patient's records did. */
export interface ReencryptionCounts {
  /** Rows now sealed under the current generation. */
  reencrypted: number;
  /** Rows another job changed between our read and our update; left to it. */
  raced: number;
  /** Rows that would not open (a destroyed generation, or tampered bytes); left as they are. */
  unreadable: number;
}

interface Cursor {
  readonly resourceType: string;
  readonly id: string;
  readonly version: number;
}

/**
 * One pass over the patient's records not sealed under their key's current generation.
 * `onBatch` is told how many rows each batch handled, after it committed. Returns undefined if
 * the patient has no key any more (erased meanwhile): there is nothing to re-encrypt then.
 */
export async function reencryptPatient(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
  batchSize: number,
  onBatch: (rows: number) => void,
): Promise<(ReencryptionCounts & { generation: number }) | undefined> {
  // Fresh from the store, not this process's cache: the job must seal with the generation the
  // store says is current now, and hold every live one to open what it reads.
  keyring.forget(patientScope(tenantId, patientId));
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
  if (!keys.has(patientId)) return undefined;
  const generation = keys.currentGeneration(patientId);
  const header = generationHeader(generation);
  const counts: ReencryptionCounts = { reencrypted: 0, raced: 0, unreadable: 0 };
  let after: Cursor | undefined;
  let size: number;
  do {
    const from = after;
    const rows = await systemTransaction(db, async (tx) => {
      let query = tx
        .selectFrom('fhir_resource')
        .select(['resource_type', 'id', 'version_id', 'sealed'])
        .where('tenant_id', '=', tenantId)
        .where('patient_id', '=', patientId)
        .where(sql<boolean>`substring(sealed from 1 for 5) <> ${header}`);
      if (from) {
        query = query.where(
          sql<boolean>`(resource_type, id, version_id) > (${from.resourceType}, ${from.id}::uuid, ${from.version}::int4)`,
        );
      }
      const rows = await query
        .orderBy('resource_type')
        .orderBy('id')
        .orderBy('version_id')
        .limit(batchSize)
        .execute();
      for (const row of rows) {
        const old = Buffer.from(row.sealed);
        const address = {
          tenantId,
          resourceType: row.resource_type,
          id: row.id,
          version: row.version_id,
        };
        let fresh: Buffer;
        try {
          fresh = keys.reseal(patientId, address, old);
        } catch {
          // Left as it is and reported: a row under a destroyed generation stays unreadable, and
          // it keeps its generation alive only if that generation still exists.
          counts.unreadable++;
          continue;
        }
        const result = await tx
          .updateTable('fhir_resource')
          .set({ sealed: fresh })
          .where('tenant_id', '=', tenantId)
          .where('resource_type', '=', row.resource_type)
          .where('id', '=', row.id)
          .where('version_id', '=', row.version_id)
          .where('sealed', '=', old)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) counts.raced++;
        else counts.reencrypted++;
      }
      return rows;
    });
    size = rows.length;
    const last = rows.at(-1);
    after = last && { resourceType: last.resource_type, id: last.id, version: last.version_id };
    if (size > 0) onBatch(size);
  } while (size === batchSize);
  return { ...counts, generation };
}
