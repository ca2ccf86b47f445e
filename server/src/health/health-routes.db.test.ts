import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type HavenDatabase } from '../db/database.js';
import { buildTestApp } from '../../test/test-app.js';
import { createEmptyDatabase, openTestDatabase, testDriver } from '../../test/test-database.js';
import { TcpProxy } from '../../test/tcp-proxy.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('health and readiness', () => {
  it('/healthz answers while the process is up; /readyz when the database is migrated', async () => {
    const { app } = await buildTestApp(db);
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    await app.close();
  });

  it('/readyz is 503 while migrations are pending', async () => {
    const empty = await createEmptyDatabase();
    try {
      const { app } = await buildTestApp(empty.db);
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'not_ready', reason: 'migrations_pending' });
      await app.close();
    } finally {
      await empty.drop();
    }
  });

  it.runIf(testDriver() === 'postgres')(
    'a database that goes away gives 503s, and Haven recovers when it comes back',
    async () => {
      const target = new URL(process.env.HAVEN_TEST_DATABASE_URL ?? '');
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.start();
      const url = new URL(target);
      url.port = String(proxy.port);
      const { inject } = await import('vitest');
      url.pathname = new URL(inject('havenTestDatabaseUrl')).pathname;
      const proxied = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 });
      const { app } = await buildTestApp(proxied);
      try {
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
        await proxy.cut();
        const down = await app.inject({ url: '/readyz' });
        expect(down.statusCode).toBe(503);
        expect(down.json()).toEqual({ status: 'not_ready', reason: 'database_unreachable' });
        expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
        await proxy.start();
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
      } finally {
        await app.close();
        await proxied.close();
        await proxy.cut();
      }
    },
  );
});
