import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import type { HavenDatabase } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { buildTestApp } from '../../test/test-app.js';
import { openTestDatabase } from '../../test/test-database.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function appWithRoutes() {
  return buildTestApp(db, {
    env: { HAVEN_BODY_LIMIT: '2048' },
    routes: (app) => {
      app.post(
        '/api/test/typed',
        {
          schema: {
            body: Type.Object({ count: Type.Integer({ minimum: 1 }), label: Type.String() }),
            response: { 200: Type.Object({ ok: Type.Boolean() }) },
          },
        },
        () => ({ ok: true }),
      );
      app.get('/api/test/conflict', { schema: { hide: true } }, () => {
        throw new AppError('conflict', 'The slug is taken.');
      });
      app.get('/fhir/R4/Test/:id', { schema: { hide: true } }, () => {
        throw new AppError('not_found', 'Test resource not found.', [
          { location: 'Test.id', message: 'no such id' },
        ]);
      });
      app.get('/api/test/crash', { schema: { hide: true } }, () => {
        throw new TypeError('cannot read properties of undefined (reading "secret")');
      });
    },
  });
}

describe('error answers', () => {
  it('unknown routes are 404 with a stable code and the request id', async () => {
    const { app } = await appWithRoutes();
    const res = await app.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'No such route.',
        requestId: res.headers['x-request-id'],
      },
    });
  });

  it('FHIR routes answer with an OperationOutcome naming the location', async () => {
    const { app } = await appWithRoutes();
    const res = await app.inject({ url: '/fhir/R4/Test/123' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/fhir+json');
    expect(res.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'not-found',
          diagnostics: 'no such id',
          expression: ['Test.id'],
        },
      ],
    });
    const unknown = await app.inject({ url: '/fhir/R4/Nope/1/no/such/route' });
    expect(unknown.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'not-found' }],
    });
  });

  it('schema violations are 400 with every problem located, malformed JSON is 400, too large is 413', async () => {
    const { app } = await appWithRoutes();
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/test/typed',
      payload: { count: 0 },
    });
    expect(invalid.statusCode).toBe(400);
    const body = invalid.json<{ error: { code: string; issues: { location: string }[] } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.issues.map((i) => i.location).sort()).toEqual(['body', 'body/count']);

    const malformed = await app.inject({
      method: 'POST',
      url: '/api/test/typed',
      headers: { 'content-type': 'application/json' },
      payload: '{"count": 1,',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'bad_request' } });

    const large = await app.inject({
      method: 'POST',
      url: '/api/test/typed',
      payload: { count: 1, label: 'x'.repeat(4096) },
    });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ error: { code: 'payload_too_large' } });

    const wrongType = await app.inject({
      method: 'POST',
      url: '/api/test/typed',
      headers: { 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('AppErrors keep their code; unknown errors become a generic 500 that hides the message', async () => {
    const { app } = await appWithRoutes();
    const conflict = await app.inject({ url: '/api/test/conflict' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      error: { code: 'conflict', message: 'The slug is taken.' },
    });
    const crash = await app.inject({ url: '/api/test/crash' });
    expect(crash.statusCode).toBe(500);
    expect(crash.json()).toEqual({
      error: {
        code: 'internal',
        message: 'An unexpected error occurred.',
        requestId: crash.headers['x-request-id'],
      },
    });
    expect(crash.body).not.toContain('secret');
  });
});
