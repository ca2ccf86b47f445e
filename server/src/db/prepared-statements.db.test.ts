import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { appendInTransaction } from '../audit/index.js';
import { auditEntry } from '../audit/audit-test-helpers.js';
import { createTestTenant, testDriver } from '../../test/test-database.js';
import { openDatabase } from './database.js';
import { namePreparedStatements, PLAN_EACH_TIME } from './prepared-statements.js';
import { tenantTransaction } from './transactions.js';

// Named statements are a PostgreSQL protocol feature; PGlite runs in the process.
describe.skipIf(testDriver() !== 'postgres')('named prepared statements', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: inject('havenTestDatabaseUrl'), max: 1 });
    pool.on('connect', (client) => namePreparedStatements(client, 2));
  });
  afterAll(() => pool.end());

  const prepared = async (client: pg.PoolClient) =>
    (
      await client.query<{ statement: string }>(
        'select statement from pg_prepared_statements order by prepare_time',
      )
    ).rows.map((r) => r.statement);

  it('prepares each statement text once per connection, at most the cap, and keeps the simple protocol', async () => {
    const client = await pool.connect();
    try {
      for (const value of [1, 2, 3]) {
        const { rows } = await client.query<{ n: number }>('select $1::int + 1 as n', [value]);
        expect(rows[0]?.n).toBe(value + 1);
      }
      expect(await prepared(client)).toEqual(['select $1::int + 1 as n']);
      // A statement marked to be planned each time is never named.
      const marked = await client.query<{ n: number }>(
        `select $1::int - 1 as n ${PLAN_EACH_TIME}`,
        [1],
      );
      expect(marked.rows[0]?.n).toBe(0);
      expect(await prepared(client)).toEqual(['select $1::int + 1 as n']);
      await client.query('select $1::text as t', ['a']);
      // The cap (2 here) is reached: a third text runs unnamed, and still answers.
      const third = await client.query<{ n: number }>('select $1::int * 2 as n', [21]);
      expect(third.rows[0]?.n).toBe(42);
      expect(await prepared(client)).toEqual(['select $1::int + 1 as n', 'select $1::text as t']);
      // Without parameters, several statements still go in one message.
      const many = (await client.query(
        'select 1 as a; select 2 as b',
      )) as unknown as pg.QueryResult[];
      expect(many.map((r) => r.rows[0] as unknown)).toEqual([{ a: 1 }, { b: 2 }]);
    } finally {
      client.release();
    }
  });

  it('prepares a statement afresh after its table changed under it', async () => {
    const own = new pg.Pool({ connectionString: inject('havenTestDatabaseUrl'), max: 1 });
    own.on('connect', (client) => namePreparedStatements(client));
    const client = await own.connect();
    try {
      await client.query('create temporary table changing (a int)');
      await client.query('insert into changing values (1)');
      const text = 'select * from changing where a = $1';
      expect((await client.query(text, [1])).rows).toEqual([{ a: 1 }]);
      await client.query('alter table changing add column b int');
      // The plan prepared before the change is refused once, then made again.
      await expect(client.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
      expect((await client.query(text, [1])).rows).toEqual([{ a: 1, b: null }]);
    } finally {
      client.release();
      await own.end();
    }
  });

  it('the tenant wall holds for a statement prepared on one connection and run for two practices', async () => {
    const db = await openDatabase({
      databaseUrl: inject('havenTestDatabaseUrl'),
      dataDir: '',
      poolSize: 1,
    });
    try {
      const [a, b] = [(await createTestTenant(db)).id, (await createTestTenant(db)).id];
      await tenantTransaction(db, a, (tx) =>
        appendInTransaction(tx, [auditEntry(a), auditEntry(a)]),
      );
      await tenantTransaction(db, b, (tx) => appendInTransaction(tx, [auditEntry(b)]));
      // No tenant filter: only row-level security keeps the other practice out.
      const count = (tenantId: string) =>
        tenantTransaction(db, tenantId, async (tx) => {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from audit_entry where ${1}::int = 1`.execute(tx);
          return rows[0]?.n;
        });
      expect([await count(a), await count(b), await count(a)]).toEqual([2, 1, 2]);
    } finally {
      await db.close();
    }
  });

  it('a prepared statement follows the settings of each transaction', async () => {
    const client = await pool.connect();
    try {
      const text =
        "select current_user::text as who, current_setting('haven.x', true) as x, $1::int as n";
      const run = async (setting: string) => {
        await client.query('begin');
        await client.query(`select set_config('haven.x', '${setting}', true)`);
        const { rows } = await client.query<{ x: string }>(text, [1]);
        await client.query('rollback');
        return rows[0]?.x;
      };
      expect(await run('first')).toBe('first');
      expect(await run('second')).toBe('second');
    } finally {
      client.release();
    }
  });
});
