/**
 * The one way to run SQL against Haven's data: a transaction, either bound to a tenant (the
 * normal path) or explicitly a system one (migrations, tenant creation, platform jobs).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Transaction } from 'kysely';
import type { HavenDatabase } from './database.js';
import { END_READ_SESSION, openingText, readSessionText } from './wall-in-message.js';
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
  return db.unsafeKysely.connection().execute(async (connection) => {
    // The opening (BEGIN, then the wall) goes with the first statement on PostgreSQL, in one
    // message (db/wall-in-message.ts); PGlite runs it here as one simple-protocol message.
    await sql.raw(openingText(wallFor(tenantId))).execute(connection);
    let result: T;
    try {
      // The connection is held from BEGIN to COMMIT, so it is a transaction in all but type.
      result = await insideTransaction.run(true, () => work(connection as unknown as Tx));
    } catch (error) {
      // A failed rollback means a dead connection: the work's error is the one worth reporting.
      await sql
        .raw('rollback')
        .execute(connection)
        .catch(() => undefined);
      throw error;
    }
    await sql.raw('commit').execute(connection);
    return result;
  });
}

const WALL = `select set_config('role', 'haven_app', true)`;

/**
 * Runs `work`, which only reads, behind one tenant's wall like {@link tenantTransaction}. On
 * PostgreSQL each statement carries the wall itself and runs read-only in an implicit
 * transaction of its own, so the session sends no BEGIN and no COMMIT
 * (db/wall-in-message.ts); a write in it fails. On PGlite it is a tenant transaction.
 */
export async function tenantReadSession<T>(
  db: HavenDatabase,
  tenantId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  if (db.driver !== 'postgres') return tenantTransaction(db, tenantId, work);
  if (!UUID.test(tenantId)) throw new Error('tenantReadSession needs a tenant id (a UUID)');
  assertNotNested();
  return db.unsafeKysely.connection().execute(async (connection) => {
    const started = await sql.raw(readSessionText(wallFor(tenantId))).execute(connection);
    // Fails closed: on a client without the wall-in-message wrapper the text would have run as
    // a statement of its own, its settings gone with it, and what follows would run as owner.
    if (started.rows.length > 0) {
      throw new Error('A read session needs db/wall-in-message.ts on every pooled client');
    }
    try {
      return await insideTransaction.run(true, () => work(connection as unknown as Tx));
    } finally {
      // Ends the session on this connection (nothing is sent): the pool's next user is walled
      // by its own transaction or session.
      await sql
        .raw(END_READ_SESSION)
        .execute(connection)
        .catch(() => undefined);
    }
  });
}

/** The tenant wall for `tenantId`, a checked UUID (so writing it into the text is safe). */
function wallFor(tenantId: string): string {
  return `${WALL}, set_config('haven.tenant_id', '${tenantId.toLowerCase()}', true)`;
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
