/**
 * Database helpers for tests. Every `*.db.test.ts` file runs once per driver (see
 * vitest.config.ts). Each test creates its own tenant, so tests never share data and can run
 * against one migrated database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import {
  openDatabase,
  openMemoryDatabase,
  type DriverName,
  type HavenDatabase,
} from '../src/db/database.js';
import { migrate } from '../src/db/migrator.js';
import { createPractice, type Practice } from '../src/tenancy/practices.js';
import { Keyring, LocalMasterKeyProvider, type KeyringOptions } from '../src/crypto/index.js';
import { DatabaseWrappedKeyStore } from '../src/keys/database-key-store.js';

const TEST_MASTER_KEY = `test-1:${Buffer.alloc(32, 0x5a).toString('base64')}`;

/**
 * A keyring over the test database, with a fixed master key (tests share the platform key).
 * Several keyrings over one database behave as several Haven nodes would.
 */
export function testKeyring(db: HavenDatabase, options: KeyringOptions = {}): Keyring {
  return new Keyring(
    LocalMasterKeyProvider.fromConfig({ keys: TEST_MASTER_KEY }),
    new DatabaseWrappedKeyStore(db),
    options,
  );
}

declare module 'vitest' {
  export interface ProvidedContext {
    havenTestDatabaseUrl: string;
  }
}

export function testDriver(): DriverName {
  return process.env.HAVEN_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';
}

/** The migrated database for this test file: in-memory PGlite, or the run's PostgreSQL database. */
export async function openTestDatabase(): Promise<HavenDatabase> {
  if (testDriver() === 'postgres') {
    return openDatabase({ databaseUrl: inject('havenTestDatabaseUrl'), dataDir: '', poolSize: 5 });
  }
  const db = await openMemoryDatabase();
  await migrate(db);
  return db;
}

/** A new practice with a unique slug: the tenant a test works in. */
export async function createTestTenant(
  db: HavenDatabase,
  name = 'Test Practice',
): Promise<Practice> {
  return createPractice(db, { slug: `t-${randomBytes(6).toString('hex')}`, name });
}

export interface EmptyDatabase {
  db: HavenDatabase;
  /** Opens another connection (pool) to the same database, as a second Haven process would. */
  openAnother(): Promise<HavenDatabase>;
  url?: string;
  drop(): Promise<void>;
}

/**
 * A brand-new, unmigrated database (for migration tests). On PGlite an in-memory instance; on
 * PostgreSQL a new database on the test server, dropped afterwards.
 */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  if (testDriver() === 'pglite') {
    const db = await openMemoryDatabase();
    return {
      db,
      openAnother: () => Promise.reject(new Error('PGlite is one connection in one process')),
      drop: () => db.close(),
    };
  }
  const admin = adminUrl();
  const name = `haven_t_${randomBytes(6).toString('hex')}`;
  await runAdmin(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const open = () => openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 4 });
  const db = await open();
  return {
    db,
    openAnother: open,
    url: url.toString(),
    drop: async () => {
      await db.close();
      await runAdmin(admin, `drop database if exists ${name} with (force)`);
    },
  };
}

function adminUrl(): string {
  const url = process.env.HAVEN_TEST_DATABASE_URL;
  if (!url) throw new Error('HAVEN_TEST_DATABASE_URL is not set');
  return url;
}

/** Runs one statement on the server's admin database (create or drop a database). */
export async function runAdmin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
