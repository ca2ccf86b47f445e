import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDriver } from '../../test/test-database.js';
import type { HavenDatabase } from './database.js';
import { deferOpenings, openingText } from './wall-in-message.js';
import { namePreparedStatements } from './prepared-statements.js';
import type { HavenSchema } from './schema.js';
import { tenantReadSession, tenantTransaction } from './transactions.js';

// The opening rides with the first statement only on PostgreSQL; PGlite runs it as it is.
describe.skipIf(testDriver() !== 'postgres')(
  'a transaction opened with its first statement',
  () => {
    let pool: pg.Pool;
    let db: HavenDatabase;
    /** What reached the driver: one entry per message sequence ending in a Sync. */
    const sent: string[] = [];
    beforeAll(() => {
      pool = new pg.Pool({ connectionString: inject('havenTestDatabaseUrl'), max: 1 });
      pool.on('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
          const first = args[0] as string | { text: string };
          sent.push(typeof first === 'string' ? first : first.text);
          return query(...args);
        };
        deferOpenings(client);
        namePreparedStatements(client);
      });
      const kysely = new Kysely<HavenSchema>({ dialect: new PostgresDialect({ pool }) });
      db = {
        driver: 'postgres',
        unsafeKysely: kysely,
        location: 'test',
        close: () => kysely.destroy(),
      };
    });
    afterAll(() => db.close());

    const probe = async (client: pg.Pool | pg.PoolClient = pool) => {
      const { rows } = await client.query<{ v: string | null }>(
        "select current_setting('haven.probe', true) as v",
      );
      return rows[0]?.v ?? null;
    };
    // A session setting written in a transaction survives only if the transaction commits.
    const setProbe = (tx: Parameters<Parameters<typeof tenantTransaction>[2]>[0], value: string) =>
      sql<{
        who: string;
        tenant: string;
      }>`select set_config('haven.probe', ${value}, false), current_user::text as who,
         current_setting('haven.tenant_id') as tenant`.execute(tx);

    it('sends BEGIN, the wall and the first statement in one message, and commits them', async () => {
      const tenant = randomUUID();
      sent.length = 0;
      const answer = await tenantTransaction(
        db,
        tenant,
        async (tx) => (await setProbe(tx, 'a')).rows,
      );
      expect(answer).toEqual([{ set_config: 'a', who: 'haven_app', tenant }]);
      // The opening and the statement went as one message, then the commit.
      expect(sent).toHaveLength(2);
      expect(sent[1]).toBe('commit');
      expect(await probe()).toBe('a');
    });

    it('rolls the first statement back with the rest, and sends nothing for an empty transaction', async () => {
      await expect(
        tenantTransaction(db, randomUUID(), async (tx) => {
          await setProbe(tx, 'rolled back');
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(await probe()).toBe('a');
      sent.length = 0;
      expect(await tenantTransaction(db, randomUUID(), () => Promise.resolve(7))).toBe(7);
      expect(sent).toEqual([]);
    });

    it('a first statement that fails fails the transaction, and runs again prepared on the next', async () => {
      const divide = (tx: Parameters<Parameters<typeof tenantTransaction>[2]>[0], by: number) =>
        sql<{ q: number }>`select 10 / ${by}::int as q`.execute(tx);
      await expect(
        tenantTransaction(db, randomUUID(), (tx) => divide(tx, 0)),
      ).rejects.toMatchObject({ code: '22012' });
      for (const by of [2, 5]) {
        const { rows } = await tenantTransaction(db, randomUUID(), (tx) => divide(tx, by));
        expect(rows).toEqual([{ q: 10 / by }]);
      }
      const { rows } = await pool.query<{ n: number }>(
        "select count(*)::int as n from pg_prepared_statements where statement like 'select 10 / $1%'",
      );
      expect(rows[0]?.n).toBe(1);
    });

    it('never runs the statement when the opening fails, and prepares it afresh after', async () => {
      const client = await pool.connect();
      try {
        const text = "select set_config('haven.probe', $1, false) as v";
        await client.query(openingText("select set_config('role', 'haven_no_such_role', true)"));
        await expect(client.query(text, ['must not run'])).rejects.toMatchObject({ code: '22023' });
        await client.query('rollback');
        expect(await probe(client)).toBe('a');
        // The statement was never parsed: the next use parses it under its name and runs.
        await client.query(openingText("select set_config('role', 'haven_app', true)"));
        expect((await client.query(text, ['b'])).rows).toEqual([{ v: 'b' }]);
        await client.query('commit');
        expect((await client.query(text, ['c'])).rows).toEqual([{ v: 'c' }]);
      } finally {
        client.release();
      }
    });

    it('opens on its own before a statement without parameters', async () => {
      const tenant = randomUUID();
      sent.length = 0;
      const { rows } = await tenantTransaction(db, tenant, (tx) =>
        sql<{ tenant: string }>`select current_setting('haven.tenant_id') as tenant`.execute(tx),
      );
      expect(rows).toEqual([{ tenant }]);
      expect(sent).toHaveLength(3);
    });

    it('a read session sends each statement with its wall, no BEGIN or COMMIT, and refuses writes', async () => {
      const tenant = randomUUID();
      sent.length = 0;
      const seen = await tenantReadSession(db, tenant, async (tx) => {
        const who = sql<{ who: string; tenant: string; ro: string }>`
          select current_user::text as who, current_setting('haven.tenant_id') as tenant,
            current_setting('transaction_read_only') as ro, ${1}::int as n`;
        const plain = sql<{ who: string }>`select current_user::text as who`;
        return [(await who.execute(tx)).rows[0], (await plain.execute(tx)).rows[0]];
      });
      expect(seen).toEqual([{ who: 'haven_app', tenant, ro: 'on', n: 1 }, { who: 'haven_app' }]);
      expect(sent).toHaveLength(2);
      const write = sql`insert into practice (id, name) values (${randomUUID()}, 'x')`;
      await expect(tenantReadSession(db, tenant, (tx) => write.execute(tx))).rejects.toMatchObject({
        code: '25006',
      });
      // The wall ended with each statement: the pool's next user starts outside it.
      const { rows } = await pool.query<{ who: string }>('select current_user::text as who');
      expect(rows).toEqual([{ who: 'root' }]);
    });

    it('keeps the order of statements sent at once behind a plain first statement', async () => {
      // Kysely sends one statement at a time on a connection; a raw client need not.
      const client = await pool.connect();
      try {
        await client.query(openingText("select set_config('role', 'haven_app', true)"));
        const first = client.query("select set_config('haven.order', 'first', true)");
        const second = client.query<{ v: string; who: string }>(
          "select current_setting('haven.order', true) as v, current_user::text as who, $1::int as n",
          [1],
        );
        await first;
        expect((await second).rows[0]).toMatchObject({ v: 'first', who: 'haven_app' });
        await client.query('rollback');
      } finally {
        client.release();
      }
    });

    it('a value the driver cannot convert fails its statement, and the statement runs after', async () => {
      const text = (tx: Parameters<Parameters<typeof tenantTransaction>[2]>[0], value: unknown) =>
        sql<{ v: string }>`select ${value}::text as v`.execute(tx);
      const unconvertible = {
        toPostgres: () => {
          throw new Error('cannot convert');
        },
      };
      await expect(
        tenantTransaction(db, randomUUID(), (tx) => text(tx, unconvertible)),
      ).rejects.toThrow('cannot convert');
      for (const value of ['x', 'y']) {
        const { rows } = await tenantTransaction(db, randomUUID(), (tx) => text(tx, value));
        expect(rows).toEqual([{ v: value }]);
      }
    });

    it('a read session keeps its wall past a stray COMMIT, and fails closed without the wrapper', async () => {
      const tenant = randomUUID();
      const after = await tenantReadSession(db, tenant, async (tx) => {
        await sql`commit`.execute(tx);
        return (
          await sql<{ who: string; ro: string }>`
            select current_user::text as who, current_setting('transaction_read_only') as ro`.execute(
            tx,
          )
        ).rows[0];
      });
      expect(after).toEqual({ who: 'haven_app', ro: 'on' });
      const bare = new pg.Pool({ connectionString: inject('havenTestDatabaseUrl'), max: 1 });
      const kysely = new Kysely<HavenSchema>({ dialect: new PostgresDialect({ pool: bare }) });
      const unwrapped: HavenDatabase = {
        driver: 'postgres',
        unsafeKysely: kysely,
        location: 'test',
        close: () => kysely.destroy(),
      };
      try {
        let ran = false;
        await expect(
          tenantReadSession(unwrapped, tenant, () => {
            ran = true;
            return Promise.resolve();
          }),
        ).rejects.toThrow('needs db/wall-in-message.ts');
        expect(ran).toBe(false);
      } finally {
        await unwrapped.close();
      }
    });
  },
);
