/**
 * The one way to run SQL against Haven's data: a transaction, either bound to a tenant (the
 * normal path) or explicitly a system one (migrations, tenant creation, platform jobs).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Transaction } from 'kysely';
import type { HavenDatabase } from './database.js';
import type { HavenSchema } from './schema.js';

export type Tx = Transaction<HavenSchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Marks the async context of a running transaction. Opening another one inside it would take a
// second connection on PostgreSQL (escaping the first's atomicity) and wait forever for the one
// connection on PGlite, so it is refused on both.
const insideTransaction = new AsyncLocalStorage<true>();

function assertNotNested(): void {
  if (insideTransaction.getStore()) {
    throw new Error('A transaction was opened inside another: pass the open transaction down');
  }
}

/**
 * Runs `work` in a transaction that acts as the `haven_app` role for one tenant. Row-level
 * security then hides every other tenant's rows: a second wall behind the access checks, so a
 * forgotten `where tenant_id = ...` cannot leak across practices.
 */
export async function tenantTransaction<T>(
  db: HavenDatabase,
  tenantId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) throw new Error('tenantTransaction needs a tenant id (a UUID)');
  assertNotNested();
  return db.unsafeKysely.transaction().execute((tx) =>
    insideTransaction.run(true, async () => {
      await sql`select set_config('role', 'haven_app', true), set_config('haven.tenant_id', ${tenantId}, true)`.execute(
        tx,
      );
      return work(tx);
    }),
  );
}

/**
 * Runs `work` in a transaction as the database owner, outside the tenant wall. For platform
 * jobs only (migrations, creating a tenant, key management); grep for it in review.
 */
export async function systemTransaction<T>(
  db: HavenDatabase,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  assertNotNested();
  return db.unsafeKysely.transaction().execute((tx) => insideTransaction.run(true, () => work(tx)));
}
