/**
 * The SQL side of patient-key generations, on the system path (key management is the table
 * owner's job: haven_app may only read and insert key rows). Used by the rotation job and by
 * `haven keys status`. A record's generation is the 5-byte header of its sealed bytes
 * (records/record-sealing.ts), or 1 when the bytes start with the AEAD format byte.
 */
import { sql, type RawBuilder } from 'kysely';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { appendInTransaction } from '../audit/index.js';
import type { WrappedKey } from '../crypto/index.js';

/** Which patients a rotation covers: all, one practice's, or one patient's. */
export interface PatientKeyFilter {
  readonly tenantId?: string;
  readonly patientId?: string;
}

/** A patient's stored key generations, oldest first. */
export interface PatientKeyGenerations {
  readonly tenantId: string;
  readonly patientId: string;
  readonly generations: readonly number[];
}

/** A new generation to store: its key, wrapped by the tenant key and bound to its number. */
export interface NewGeneration {
  readonly patientId: string;
  readonly generation: number;
  readonly key: WrappedKey;
}

// The generation header of the row's own key generation, built in SQL (int4send is big-endian,
// as the header is), so deleting a generation can check for rows under it in one statement.
const HEADER_OF_K = sql`decode('47', 'hex') || int4send(k.generation)`;
const PREFIX = sql`substring(r.sealed from 1 for 5)`;

/** `tenant_id = ... [and patient_id = ...]` for the given alias, or true. */
function filterOn(alias: string, filter: PatientKeyFilter): RawBuilder<unknown> {
  const parts = [sql`true`];
  if (filter.tenantId) parts.push(sql`${sql.ref(`${alias}.tenant_id`)} = ${filter.tenantId}`);
  if (filter.patientId) parts.push(sql`${sql.ref(`${alias}.patient_id`)} = ${filter.patientId}`);
  return sql.join(parts, sql` and `);
}

/** Every patient with a key under `filter`, with its generations, ordered by tenant. */
export async function listPatientKeys(
  db: HavenDatabase,
  filter: PatientKeyFilter,
): Promise<PatientKeyGenerations[]> {
  const rows = await systemTransaction(db, (tx) =>
    sql<{ tenant_id: string; patient_id: string; generation: number }>`
      select k.tenant_id, k.patient_id, k.generation from patient_key k
      where ${filterOn('k', filter)} order by k.tenant_id, k.patient_id, k.generation`.execute(tx),
  );
  const found = new Map<string, { tenantId: string; patientId: string; generations: number[] }>();
  for (const r of rows.rows) {
    const id = `${r.tenant_id}/${r.patient_id}`;
    const entry = found.get(id) ?? {
      tenantId: r.tenant_id,
      patientId: r.patient_id,
      generations: [],
    };
    entry.generations.push(r.generation);
    found.set(id, entry);
  }
  return [...found.values()];
}

/**
 * Stores new generations of one practice's patient keys, to become current `activationDelayMs`
 * from now by the database's clock. A generation another job stored first is left as it is
 * (both jobs then finish the same rotation). With `audit`, one `key_rotation` entry for the
 * practice commits with the keys: the rotation is on record exactly when it has begun.
 */
export async function insertGenerations(
  db: HavenDatabase,
  tenantId: string,
  rows: readonly NewGeneration[],
  activationDelayMs: number,
  audit: boolean,
): Promise<number> {
  if (rows.length === 0) return 0;
  return systemTransaction(db, async (tx) => {
    const result = await tx
      .insertInto('patient_key')
      .values(
        rows.map((r) => ({
          tenant_id: tenantId,
          patient_id: r.patientId,
          generation: r.generation,
          wrapping_key_id: r.key.keyId,
          wrapped: r.key.wrapped,
          active_from: sql<Date>`now() + ${activationDelayMs}::float8 * interval '1 millisecond'`,
        })),
      )
      .onConflict((c) => c.doNothing())
      .returning('patient_id')
      .execute();
    if (audit) {
      await appendInTransaction(tx, [
        {
          tenantId,
          action: 'key_rotation',
          outcome: 'success',
          dataCategory: 'patient_key',
          reasonCode: 'data_keys_rotated',
        },
      ]);
    }
    return result.length;
  });
}

/**
 * Milliseconds until `extraMs` after the newest rotation-made generation under `filter` became
 * current, by the database's clock; 0 or less when that moment has passed (or there is none).
 */
export async function msUntilAfterActivation(
  db: HavenDatabase,
  filter: PatientKeyFilter,
  extraMs: number,
): Promise<number> {
  const result = await systemTransaction(db, (tx) =>
    sql<{ ms: number | string | null }>`
      select (extract(epoch from (max(k.active_from)
        + ${extraMs}::float8 * interval '1 millisecond' - now())) * 1000)::float8 as ms
      from patient_key k where k.generation > 1 and ${filterOn('k', filter)}`.execute(tx),
  );
  return Number(result.rows[0]?.ms ?? 0);
}

/**
 * Deletes (crypto-shreds) the patient's generations older than `current` that no record is
 * sealed under any more, checked in the same statement. Returns how many were deleted.
 */
export async function retireOldGenerations(
  db: HavenDatabase,
  tenantId: string,
  patientId: string,
  current: number,
): Promise<number> {
  const result = await systemTransaction(db, (tx) =>
    sql`
      delete from patient_key k
      where k.tenant_id = ${tenantId} and k.patient_id = ${patientId} and k.generation < ${current}
        and not exists (
          select 1 from fhir_resource r
          where r.tenant_id = k.tenant_id and r.patient_id = k.patient_id
            and (${PREFIX} = ${HEADER_OF_K}
              or (k.generation = 1 and substring(r.sealed from 1 for 1) = decode('01', 'hex'))))`.execute(
      tx,
    ),
  );
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Records of patients with more than one generation under `filter` that are not yet sealed
 * under the newest one: the work a rotation has left.
 */
export async function countRowsToReencrypt(
  db: HavenDatabase,
  filter: PatientKeyFilter,
): Promise<number> {
  const result = await systemTransaction(db, (tx) =>
    sql<{ n: string | number }>`
      select count(*) as n from fhir_resource r
      join (select k.tenant_id, k.patient_id, max(k.generation) as generation from patient_key k
            where ${filterOn('k', filter)} group by k.tenant_id, k.patient_id
            having count(*) > 1) k
        on r.tenant_id = k.tenant_id and r.patient_id = k.patient_id
      where ${PREFIX} <> ${HEADER_OF_K}`.execute(tx),
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** For `haven keys status`: patient keys per generation, and how many are not yet current. */
export interface GenerationUsage {
  readonly generation: number;
  readonly keys: number;
  readonly pending: number;
}

/** Keys per generation, and the patients holding more than one (a rotation not finished). */
export async function patientKeyGenerationUsage(
  db: HavenDatabase,
): Promise<{ generations: GenerationUsage[]; patientsMidRotation: number }> {
  return systemTransaction(db, async (tx) => {
    const usage = await sql<{ generation: number; keys: string; pending: string }>`
      select generation, count(*) as keys, count(*) filter (where active_from > now()) as pending
      from patient_key group by generation order by generation`.execute(tx);
    const rotating = await sql<{ n: string }>`
      select count(*) as n from (select 1 from patient_key group by tenant_id, patient_id
                                 having count(*) > 1) p`.execute(tx);
    return {
      generations: usage.rows.map((r) => ({
        generation: r.generation,
        keys: Number(r.keys),
        pending: Number(r.pending),
      })),
      patientsMidRotation: Number(rotating.rows[0]?.n ?? 0),
    };
  });
}
