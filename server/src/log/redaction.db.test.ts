import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { buildTestApp } from '../../test/test-app.js';
import { openTestDatabase } from '../../test/test-database.js';

// Values a careless request or handler could push into a log line.
const HEALTH_DATA = {
  name: 'Marguerite Oyelaran-Testpatient',
  birthDate: '1953-04-17',
  email: 'marguerite.oyelaran@example.org',
  diagnosis: 'HIV-1 infection B20',
  token: 'Bearer s3cr3t-session-token-value',
};

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('log redaction (DATA-16)', () => {
  it('a request carrying health data leaves none of it in the log', async () => {
    const { app, log } = await buildTestApp(db, {
      routes: (instance) => {
        // A handler that does everything wrong: logs the body and the headers, then fails
        // with a driver error whose message quotes the data (as PostgreSQL's do).
        instance.post('/api/test/careless', { schema: { hide: true } }, (request) => {
          request.log.info({ body: request.body, headers: request.headers }, 'careless handler');
          request.log.info(
            { patient: { name: HEALTH_DATA.name, nested: { dx: HEALTH_DATA.diagnosis } } },
            'nested',
          );
          const error = new Error(
            `Key (email)=(${HEALTH_DATA.email}) already exists for ${HEALTH_DATA.name}`,
          );
          Object.assign(error, { code: '23505', detail: `Key (name)=(${HEALTH_DATA.name})` });
          throw error;
        });
      },
    });
    const query = new URLSearchParams({ name: HEALTH_DATA.name, birthdate: HEALTH_DATA.birthDate });
    const res = await app.inject({
      method: 'POST',
      url: `/api/test/careless?${query.toString()}`,
      headers: { authorization: HEALTH_DATA.token },
      payload: HEALTH_DATA,
    });
    expect(res.statusCode).toBe(500);
    // A cookie and a bearer together are refused as ambiguous; neither reaches the log.
    const both = await app.inject({
      method: 'POST',
      url: `/api/test/careless?${query.toString()}`,
      headers: { authorization: HEALTH_DATA.token, cookie: `haven_session=${HEALTH_DATA.token}` },
      payload: HEALTH_DATA,
    });
    expect(both.statusCode).toBe(400);
    expect(res.body).not.toContain(HEALTH_DATA.name);
    expect(res.json()).toMatchObject({ error: { code: 'internal' } });

    // A FHIR search carries names in the query string.
    await app.inject({ url: `/fhir/R4/Patient?${query.toString()}` });
    await app.close();

    expect(log.lines.length).toBeGreaterThan(4);
    for (const value of Object.values(HEALTH_DATA)) {
      expect(log.text).not.toContain(value);
      expect(log.text).not.toContain(encodeURIComponent(value));
    }
    // What is useful stays: request ids, masked URLs, the error class and code.
    expect(log.text).toContain('/api/test/careless?name=*&birthdate=*');
    expect(log.text).toContain('"code":"23505"');
    expect(log.text).toContain(res.json<{ error: { requestId: string } }>().error.requestId);
    // One line per request, written once its answer has gone.
    const requests = log.lines
      .map((line) => JSON.parse(line) as { msg: string; req?: unknown; res?: unknown })
      .filter((line) => line.req !== undefined);
    expect(requests.map((line) => [line.msg, line.req, line.res])).toEqual([
      [
        'request completed',
        expect.objectContaining({ method: 'POST', url: '/api/test/careless?name=*&birthdate=*' }),
        { statusCode: 500 },
      ],
      ['request completed', expect.objectContaining({ method: 'POST' }), { statusCode: 400 }],
      [
        'request completed',
        expect.objectContaining({ method: 'GET', url: '/fhir/R4/Patient?name=*&birthdate=*' }),
        { statusCode: 401 },
      ],
    ]);
  });
});
