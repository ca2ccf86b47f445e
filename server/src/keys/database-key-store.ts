/**
 * Wrapped data keys in the database (tables platform_key, tenant_key, patient_key). Key rows
 * hold no health data and are needed before a tenant transaction can decrypt anything, so the
 * store reads them on the system path: fetch the keys a request needs first, then open its
 * tenant transaction (opening this store's transaction inside one is refused as nested).
 */
import { sql } from 'kysely';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, type Tx } from '../db/transactions.js';
import {
  currentGeneration,
  type KeyScope,
  type PatientKeyScope,
  type StoredKeyGeneration,
  type WrappedKey,
  type WrappedKeyStore,
} from '../crypto/index.js';

export class DatabaseWrappedKeyStore implements WrappedKeyStore {
  constructor(private readonly db: HavenDatabase) {}

  async get(scope: KeyScope): Promise<WrappedKey | undefined> {
    if (scope.kind === 'patient') {
      const generations = await this.patientKeyGenerations(scope);
      if (generations.length === 0) return undefined;
      const current = currentGeneration(generations);
      return generations.find((g) => g.generation === current)?.key;
    }
    return systemTransaction(this.db, async (tx) => {
      const row = await (scope.kind === 'platform'
        ? tx.selectFrom('platform_key').select(['wrapping_key_id', 'wrapped']).executeTakeFirst()
        : tx
            .selectFrom('tenant_key')
            .select(['wrapping_key_id', 'wrapped'])
            .where('tenant_id', '=', scope.tenantId)
            .executeTakeFirst());
      return row ? { keyId: row.wrapping_key_id, wrapped: Buffer.from(row.wrapped) } : undefined;
    });
  }

  /**
   * Every generation of a patient's key, oldest first. Whether each is active is decided by the
   * database's clock, the one clock every node shares (see the patient_key_generations migration).
   */
  async patientKeyGenerations(scope: PatientKeyScope): Promise<StoredKeyGeneration[]> {
    const rows = await systemTransaction(this.db, (tx) =>
      tx
        .selectFrom('patient_key')
        .select(['generation', 'wrapping_key_id', 'wrapped'])
        .select(sql<boolean>`active_from <= now()`.as('active'))
        .where('tenant_id', '=', scope.tenantId)
        .where('patient_id', '=', scope.patientId)
        .orderBy('generation')
        .execute(),
    );
    return rows.map((r) => ({
      generation: r.generation,
      key: { keyId: r.wrapping_key_id, wrapped: Buffer.from(r.wrapped) },
      active: r.active,
    }));
  }

  /**
   * Inserts unless a key exists; either way returns the stored key, so racing nodes agree. A
   * patient gets generation 1 only if it has no generation at all: after a rotation retired
   * generation 1, inserting it again would give the patient a second, unrelated current key.
   */
  async putIfAbsent(scope: KeyScope, key: WrappedKey): Promise<WrappedKey> {
    const values = { wrapping_key_id: key.keyId, wrapped: key.wrapped };
    await systemTransaction(this.db, async (tx) => {
      if (scope.kind === 'platform') {
        await tx
          .insertInto('platform_key')
          .values({ id: 'platform', ...values })
          .onConflict((c) => c.doNothing())
          .execute();
      } else if (scope.kind === 'tenant') {
        await tx
          .insertInto('tenant_key')
          .values({ tenant_id: scope.tenantId, ...values })
          .onConflict((c) => c.doNothing())
          .execute();
      } else {
        await sql`
          insert into patient_key (tenant_id, patient_id, generation, wrapping_key_id, wrapped)
          select ${scope.tenantId}::uuid, ${scope.patientId}::uuid, 1, ${key.keyId}::text,
                 ${key.wrapped}::bytea
          where not exists (select 1 from patient_key
                            where tenant_id = ${scope.tenantId} and patient_id = ${scope.patientId})
          on conflict do nothing`.execute(tx);
      }
    });
    const stored = await this.get(scope);
    if (!stored) throw new Error(`The ${scope.kind} key vanished right after it was stored`);
    return stored;
  }

  /** Deletes a key (crypto-shredding), every generation; a tenant's patient keys go with it. */
  async delete(scope: KeyScope): Promise<void> {
    await systemTransaction(this.db, async (tx) => {
      if (scope.kind === 'platform') {
        await tx.deleteFrom('platform_key').execute();
      } else if (scope.kind === 'tenant') {
        await tx.deleteFrom('patient_key').where('tenant_id', '=', scope.tenantId).execute();
        await tx.deleteFrom('tenant_key').where('tenant_id', '=', scope.tenantId).execute();
      } else {
        await tx
          .deleteFrom('patient_key')
          .where('tenant_id', '=', scope.tenantId)
          .where('patient_id', '=', scope.patientId)
          .execute();
      }
    });
  }
}

/**
 * Every generation of the keys of `patientIds`, read inside an open tenant transaction (behind
 * the tenant wall, which `haven_app` may read: the keys are wrapped by the tenant key). For
 * records found inside a transaction whose keys this process has not cached: one statement
 * instead of running the transaction again (records/record-keys.ts).
 */
export async function patientKeyGenerationsIn(
  tx: Tx,
  tenantId: string,
  patientIds: readonly string[],
): Promise<Map<string, StoredKeyGeneration[]>> {
  const found = new Map<string, StoredKeyGeneration[]>();
  if (patientIds.length === 0) return found;
  const rows = await tx
    .selectFrom('patient_key')
    .select(['patient_id', 'generation', 'wrapping_key_id', 'wrapped'])
    .select(sql<boolean>`active_from <= now()`.as('active'))
    .where('tenant_id', '=', tenantId)
    .where('patient_id', 'in', [...patientIds])
    .orderBy('patient_id')
    .orderBy('generation')
    .execute();
  for (const r of rows) {
    const generations = found.get(r.patient_id) ?? [];
    generations.push({
      generation: r.generation,
      key: { keyId: r.wrapping_key_id, wrapped: Buffer.from(r.wrapped) },
      active: r.active,
    });
    found.set(r.patient_id, generations);
  }
  return found;
}
