/**
 * Before the PostgreSQL test project runs: a new database for this run, migrated once; every
 * test file connects to it and makes its own tenants. Dropped when the run ends.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrator.js';
import { runAdmin } from './test-database.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = process.env.HAVEN_TEST_DATABASE_URL;
  if (!admin) throw new Error('HAVEN_TEST_DATABASE_URL is not set');
  const name = `haven_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  project.provide('havenTestDatabaseUrl', url.toString());
  return () => runAdmin(admin, `drop database if exists ${name} with (force)`);
}
