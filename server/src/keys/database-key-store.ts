/**
 * Wrapped data keys in the database (tables platform_key, tenant_key, patient_key). Key rows
 * hold no health data and are needed before a tenant transaction can decrypt anything, so the
 * store reads them on the system path: fetch the keys a request needs first, then open its
 * tenant transaction (opening this store's transaction inside one is refused as nested).
 */
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import type { KeyScope, WrappedKey, WrappedKeyStore } from '../crypto/index.js';

export class DatabaseWrappedKeyStore implements WrappedKeyStore {
  constructor(private readonly db: HavenDatabase) {}

  async get(scope: KeyScope): Promise<WrappedKey | undefined> {
    return systemTransaction(this.db, async (tx) => {
      const row = await (scope.kind === 'platform'
        ? tx.selectFrom('platform_key').select(['wrapping_key_id', 'wrapped']).executeTakeFirst()
        : scope.kind === 'tenant'
          ? tx
              .selectFrom('tenant_key')
              .select(['wrapping_key_id', 'wrapped'])
              .where('tenant_id', '=', scope.tenantId)
              .executeTakeFirst()
          : tx
              .selectFrom('patient_key')
              .select(['wrapping_key_id', 'wrapped'])
              .where('tenant_id', '=', scope.tenantId)
              .where('patient_id', '=', scope.patientId)
              .executeTakeFirst());
      return row ? { keyId: row.wrapping_key_id, wrapped: Buffer.from(row.wrapped) } : undefined;
    });
  }

  /** Inserts unless a key exists; either way returns the stored key, so racing nodes agree. */
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
        await tx
          .insertInto('patient_key')
          .values({ tenant_id: scope.tenantId, patient_id: scope.patientId, ...values })
          .onConflict((c) => c.doNothing())
          .execute();
      }
    });
    const stored = await this.get(scope);
    if (!stored) throw new Error(`The ${scope.kind} key vanished right after it was stored`);
    return stored;
  }

  /** Deletes a key (crypto-shredding); a tenant's patient keys go with it. */
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
