import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from './database.js';
import {
  systemTransaction,
  tenantReadSession,
  tenantTransaction,
  type Tx,
} from './transactions.js';
import { createTestTenant, openTestDatabase, testDriver } from '../../test/test-database.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function insertResource(tenantId: string, asTenant: string): Promise<void> {
  await tenantTransaction(db, asTenant, (tx) => insertResourceIn(tx, tenantId));
}

async function insertResourceIn(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .insertInto('fhir_resource')
    .values({
      tenant_id: tenantId,
      resource_type: 'Observation',
      id: randomUUID(),
      version_id: 1,
      patient_id: null,
      last_updated: new Date(),
      sealed: Buffer.from('sealed'),
    })
    .execute();
}

describe('the tenant wall (row-level security)', () => {
  it('a tenant transaction sees only its own rows, even with no tenant filter in the query', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    await insertResource(a.id, a.id);
    await insertResource(b.id, b.id);
    const seenByA = await tenantTransaction(db, a.id, (tx) =>
      tx.selectFrom('fhir_resource').select('tenant_id').execute(),
    );
    expect(seenByA.map((r) => r.tenant_id)).toEqual([a.id]);
    const practices = await tenantTransaction(db, b.id, (tx) =>
      tx.selectFrom('practice').select('id').execute(),
    );
    expect(practices).toEqual([{ id: b.id }]);
  });

  it('a read session sees only its own rows too, with or without parameters, and writes nothing', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    await insertResource(a.id, a.id);
    await insertResource(b.id, b.id);
    const seenByA = await tenantReadSession(db, a.id, async (tx) => [
      await tx.selectFrom('fhir_resource').select('tenant_id').execute(),
      await tx.selectFrom('practice').select('id').where('id', '!=', randomUUID()).execute(),
    ]);
    expect(seenByA).toEqual([[{ tenant_id: a.id }], [{ id: a.id }]]);
    // On PostgreSQL each statement runs read-only; on PGlite the session is a transaction.
    if (testDriver() === 'postgres') {
      await expect(
        tenantReadSession(db, a.id, (tx) => insertResourceIn(tx, a.id)),
      ).rejects.toMatchObject({ code: '25006' });
    }
  });

  it('refuses to write a row for another tenant', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    await expect(insertResource(b.id, a.id)).rejects.toThrow(/row-level security/);
    const count = await systemTransaction(db, (tx) =>
      tx
        .selectFrom('fhir_resource')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', b.id)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(0);
  });

  it('acts as haven_app, which cannot update or delete stored versions', async () => {
    const a = await createTestTenant(db);
    await insertResource(a.id, a.id);
    const role = await tenantTransaction(
      db,
      a.id,
      async (tx) => (await sql<{ r: string }>`select current_user as r`.execute(tx)).rows[0]?.r,
    );
    expect(role).toBe('haven_app');
    await expect(
      tenantTransaction(db, a.id, (tx) => tx.deleteFrom('fhir_resource').execute()),
    ).rejects.toThrow(/permission denied/);
  });

  it('refuses a transaction opened inside another', async () => {
    const a = await createTestTenant(db);
    await expect(
      tenantTransaction(db, a.id, () => tenantTransaction(db, a.id, () => Promise.resolve(1))),
    ).rejects.toThrow(/inside another/);
  });

  it('concurrent transactions never interleave on one connection', async () => {
    const tenants = await Promise.all([1, 2, 3, 4, 5].map(() => createTestTenant(db)));
    // Each transaction reads its tenant setting, yields to the event loop, and reads it again;
    // if another transaction's statements ran on the same connection in between, they differ.
    const results = await Promise.all(
      tenants.map((tenant) =>
        tenantTransaction(db, tenant.id, async (tx) => {
          const read = async () =>
            (await sql<{ t: string }>`select current_setting('haven.tenant_id') as t`.execute(tx))
              .rows[0]?.t;
          const before = await read();
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { tenant: tenant.id, before, after: await read() };
        }),
      ),
    );
    for (const result of results) {
      expect(result.before).toBe(result.tenant);
      expect(result.after).toBe(result.tenant);
    }
  });

  it('a failed transaction leaves nothing behind', async () => {
    const a = await createTestTenant(db);
    await expect(
      tenantTransaction(db, a.id, async (tx) => {
        await tx
          .insertInto('fhir_resource')
          .values({
            tenant_id: a.id,
            resource_type: 'Condition',
            id: randomUUID(),
            version_id: 1,
            patient_id: null,
            last_updated: new Date(),
            sealed: Buffer.from('x'),
          })
          .execute();
        throw new Error('handler failed after the insert');
      }),
    ).rejects.toThrow('handler failed');
    const rows = await tenantTransaction(db, a.id, (tx) =>
      tx.selectFrom('fhir_resource').select('id').execute(),
    );
    expect(rows).toEqual([]);
  });
});
