import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { buildTestApp } from '../../test/test-app.js';
import { openTestDatabase } from '../../test/test-database.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('OpenAPI', () => {
  it('publishes the HTTP API at /openapi.json', async () => {
    const { app } = await buildTestApp(db);
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    await app.close();
  });

  it('every route declares the schema of its answers', async () => {
    const { app } = await buildTestApp(db);
    const doc = (await app.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    }>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).not.toEqual([]);
      }
    }
    await app.close();
    await expect(
      buildTestApp(db, {
        routes: (instance) => {
          instance.get('/api/test/no-schema', () => ({ leaked: true }));
        },
      }),
    ).rejects.toThrow('Route GET /api/test/no-schema declares no response schema');
  });
});
