/**
 * Forward-only SQL migrations from server/migrations, named `YYYYMMDDTHHMM_what.sql`.
 *
 * Each pending migration runs in its own transaction holding a transaction-level advisory lock,
 * re-checking under the lock whether another process applied it meanwhile: two Haven processes
 * starting together on one database apply each migration exactly once, and a migration that
 * fails rolls back whole, leaving the schema as it was. An applied migration whose file changed
 * stops the start: history is never rewritten, a new migration is added instead.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { HavenDatabase } from './database.js';
import { systemTransaction, type Tx } from './transactions.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const FILE_NAME = /^\d{8}T\d{4}_[a-z0-9_]+\.sql$/;
// An arbitrary constant shared by every Haven process: the advisory lock key for migrations.
const MIGRATION_LOCK_KEY = 72_616_365_102;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Reads the migration files in order. A file with a malformed name is an error, not skipped. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      if (!FILE_NAME.test(name)) {
        throw new MigrationError(`Migration file ${name} is not named YYYYMMDDTHHMM_what.sql`);
      }
      const text = readFileSync(`${dir}/${name}`, 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

async function ensureLedger(tx: Tx): Promise<void> {
  await sql`create table if not exists haven_migration (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(tx);
}

async function appliedChecksums(tx: Tx): Promise<Map<string, string>> {
  const rows = await tx.selectFrom('haven_migration').select(['name', 'checksum']).execute();
  return new Map(rows.map((row) => [row.name, row.checksum]));
}

function assertUnchanged(migrations: Migration[], applied: Map<string, string>): void {
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied; migrations are forward-only, add a new one instead`,
      );
    }
  }
}

export interface MigrateOptions {
  migrations?: Migration[];
  onApplying?: (migration: Migration, index: number, total: number) => void;
}

/** Applies every pending migration; returns the names it applied (empty when up to date). */
export async function migrate(db: HavenDatabase, options: MigrateOptions = {}): Promise<string[]> {
  const migrations = options.migrations ?? readMigrations();
  const applied = await systemTransaction(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await ensureLedger(tx);
    return appliedChecksums(tx);
  });
  assertUnchanged(migrations, applied);
  const pending = migrations.filter((m) => !applied.has(m.name));
  const done: string[] = [];
  for (const [index, migration] of pending.entries()) {
    options.onApplying?.(migration, index, pending.length);
    const ran = await systemTransaction(db, async (tx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
      const already = await tx
        .selectFrom('haven_migration')
        .select('checksum')
        .where('name', '=', migration.name)
        .executeTakeFirst();
      if (already) return false;
      try {
        await sql.raw(migration.sql).execute(tx);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`Migration ${migration.name} failed: ${reason}`, {
          cause: error,
        });
      }
      await tx
        .insertInto('haven_migration')
        .values({ name: migration.name, checksum: migration.checksum })
        .execute();
      return true;
    });
    if (ran) done.push(migration.name);
  }
  return done;
}

/** Names of migrations in the code that the database has not applied (empty when ready). */
export async function pendingMigrations(
  db: HavenDatabase,
  migrations: Migration[] = readMigrations(),
): Promise<string[]> {
  const exists = await sql<{
    present: boolean;
  }>`select to_regclass('haven_migration') is not null as present`.execute(db.unsafeKysely);
  if (!exists.rows[0]?.present) return migrations.map((m) => m.name);
  const rows = await db.unsafeKysely.selectFrom('haven_migration').select('name').execute();
  const applied = new Set(rows.map((row) => row.name));
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}
