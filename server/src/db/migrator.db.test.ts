import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, pendingMigrations, readMigrations, type Migration } from './migrator.js';
import { createEmptyDatabase, testDriver, type EmptyDatabase } from '../../test/test-database.js';

let empty: EmptyDatabase | undefined;
afterEach(async () => {
  await empty?.drop();
  empty = undefined;
});

function migration(name: string, text: string): Migration {
  return { name, sql: text, checksum: `sum-${text.length}-${name}` };
}

async function tables(db: EmptyDatabase['db']): Promise<string[]> {
  const result = await sql<{
    t: string;
  }>`select tablename as t from pg_tables where schemaname = 'public' order by 1`.execute(
    db.unsafeKysely,
  );
  return result.rows.map((r) => r.t);
}

describe('migrations', () => {
  it('apply every file in order once, and report nothing pending after', async () => {
    empty = await createEmptyDatabase();
    const all = readMigrations();
    expect(await pendingMigrations(empty.db)).toEqual(all.map((m) => m.name));
    expect(await migrate(empty.db)).toEqual(all.map((m) => m.name));
    expect(await migrate(empty.db)).toEqual([]);
    expect(await pendingMigrations(empty.db)).toEqual([]);
    expect(await tables(empty.db)).toContain('fhir_resource');
  });

  it('a failed migration leaves the schema as it was', async () => {
    empty = await createEmptyDatabase();
    const good = migration('20260101T0000_good', 'create table good_one (id int);');
    const bad = migration(
      '20260101T0001_bad',
      'create table half_done (id int); alter table good_one add column x int; select 1/0;',
    );
    await expect(migrate(empty.db, { migrations: [good, bad] })).rejects.toThrow(
      /Migration 20260101T0001_bad failed: division by zero/,
    );
    expect(await tables(empty.db)).toEqual(['good_one', 'haven_migration']);
    const columns = await sql<{
      c: string;
    }>`select column_name as c from information_schema.columns where table_name = 'good_one'`.execute(
      empty.db.unsafeKysely,
    );
    expect(columns.rows.map((r) => r.c)).toEqual(['id']);
    expect(await pendingMigrations(empty.db, [good, bad])).toEqual(['20260101T0001_bad']);
  });

  it('refuses to run when an applied migration was changed', async () => {
    empty = await createEmptyDatabase();
    const first = migration('20260101T0000_first', 'create table first_one (id int);');
    await migrate(empty.db, { migrations: [first] });
    const edited = { ...first, sql: 'create table first_one (id bigint);', checksum: 'different' };
    await expect(migrate(empty.db, { migrations: [edited] })).rejects.toThrow(
      /was changed after it was applied/,
    );
  });

  it.runIf(testDriver() === 'postgres')(
    'two processes migrating one database at once apply each migration exactly once',
    async () => {
      empty = await createEmptyDatabase();
      const others = await Promise.all([1, 2, 3].map(() => empty!.openAnother()));
      const results = await Promise.all([empty.db, ...others].map((db) => migrate(db)));
      await Promise.all(others.map((db) => db.close()));
      const applied = results.flat().sort();
      expect(applied).toEqual(
        readMigrations()
          .map((m) => m.name)
          .sort(),
      );
      const ledger = await empty.db.unsafeKysely
        .selectFrom('haven_migration')
        .select('name')
        .execute();
      expect(ledger).toHaveLength(readMigrations().length);
    },
  );
});
