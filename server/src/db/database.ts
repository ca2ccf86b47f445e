/**
 * Opens Haven's database: embedded PGlite in the data folder when no DATABASE_URL is set, a
 * `pg` pool otherwise. Both speak the same PostgreSQL SQL through the same Kysely schema, so
 * every query, migration and test runs unchanged on either.
 *
 * Kysely (over an ORM such as Prisma or Drizzle): it is a typed query builder, not an ORM, so
 * the SQL we write is the SQL that runs; it has a small driver interface we can implement
 * for PGlite's single connection; and it has no code generation or engine binary to install.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import { deferOpenings } from './wall-in-message.js';
import { namePreparedStatements } from './prepared-statements.js';
import type { HavenSchema } from './schema.js';
import { DatabaseUnavailableError, describeConnectionError } from './database-errors.js';

export type DriverName = 'pglite' | 'postgres';

export interface HavenDatabase {
  readonly driver: DriverName;
  /**
   * The raw handle. It connects as the database owner, so row-level security does not apply:
   * use it only through `tenantTransaction` (which drops to haven_app) or, for migrations,
   * health checks and platform jobs, `systemTransaction`.
   */
  readonly unsafeKysely: Kysely<HavenSchema>;
  /** A short description of where the data lives, with no password in it. */
  readonly location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize: number;
  /** Called when an idle pooled connection fails (PostgreSQL restarted); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

/** Opens the database without touching its schema. Fails with a clear message if it cannot. */
export async function openDatabase(options: DatabaseOptions): Promise<HavenDatabase> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPGlite(path.resolve(options.dataDir, 'pglite'));
}

/** An in-memory PGlite database, for tests and throwaway runs. */
export async function openMemoryDatabase(): Promise<HavenDatabase> {
  const pglite = await PGlite.create();
  return wrapPGlite(pglite, 'memory');
}

async function openPGlite(dir: string): Promise<HavenDatabase> {
  mkdirSync(dir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dir);
  } catch (error) {
    throw new DatabaseUnavailableError(
      `The data folder ${dir} could not be opened as a PGlite database (${describeConnectionError(error)}). ` +
        'Restore it from a backup, or move it aside to start with an empty database.',
      { cause: error },
    );
  }
  return wrapPGlite(pglite, dir);
}

function wrapPGlite(pglite: PGlite, location: string): HavenDatabase {
  const kysely = new Kysely<HavenSchema>({ dialect: new PGliteDialect(pglite) });
  return {
    driver: 'pglite',
    unsafeKysely: kysely,
    location: `PGlite (${location})`,
    close: () => kysely.destroy(),
  };
}

function openPostgres(databaseUrl: string, options: DatabaseOptions): HavenDatabase {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle client's error (PostgreSQL restarting) would crash the process;
  // the pool drops that client and opens a new one on the next query.
  pool.on('error', (error) => options.onIdleError?.(error));
  // A client that is checked out when its socket dies also emits 'error'; its query is already
  // rejected to the caller, so the event needs a listener only to not crash the process.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    deferOpenings(client);
    namePreparedStatements(client);
  });
  const kysely = new Kysely<HavenSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    driver: 'postgres',
    unsafeKysely: kysely,
    location: `PostgreSQL (${redactUrl(databaseUrl)})`,
    close: () => kysely.destroy(),
  };
}

/** host:port/database of a connection URL, never its password. */
export function redactUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** True when the database answers a trivial query. */
export async function pingDatabase(db: HavenDatabase): Promise<boolean> {
  try {
    await sql`select 1`.execute(db.unsafeKysely);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits for the database to answer, retrying with backoff up to `timeoutMs` (PostgreSQL may
 * still be starting when Haven does). Throws DatabaseUnavailableError naming the last failure.
 */
export async function waitForDatabase(
  db: HavenDatabase,
  timeoutMs: number,
  onRetry?: (attempt: number, reason: string) => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(db.unsafeKysely);
      return;
    } catch (error) {
      const reason = describeConnectionError(error);
      if (Date.now() >= deadline) {
        throw new DatabaseUnavailableError(
          `Cannot reach the database at ${db.location}: ${reason}`,
          { cause: error },
        );
      }
      onRetry?.(attempt, reason);
      await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 5_000)));
    }
  }
}
