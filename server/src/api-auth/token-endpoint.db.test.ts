import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import {
  apiAuditEntries,
  apiAuthTestApp,
  bearerGet,
  clearedBrowser,
  randomAddress,
  registerTestClient,
  tokenRequest,
  type ApiAuthTestApp,
} from './api-auth-test-app.js';
import { formatClientId } from './credentials.js';

let db: HavenDatabase;
let setup: ApiAuthTestApp;
beforeAll(async () => {
  db = await openTestDatabase();
  setup = await apiAuthTestApp(db);
});
afterAll(() => db.close());

async function systemClient(scopes = ['system/Observation.rs', 'system/Patient.rs']) {
  const tenant = await createTestTenant(db);
  const { browser } = await clearedBrowser(setup, tenant.id, 'practice_admin');
  return { tenant, browser, client: await registerTestClient(browser, tenant.id, { scopes }) };
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('POST /oauth2/token (client_credentials)', () => {
  it('issues a 15-minute bearer token for a subset of the registered scopes', async () => {
    const { tenant, client } = await systemClient();
    const res = await tokenRequest(setup.app, {
      grant_type: 'client_credentials',
      scope: 'system/Observation.r',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    const body = res.json<Record<string, unknown>>();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^hvt_/) as unknown,
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'system/Observation.r',
    });
    const me = await bearerGet(setup.app, body.access_token as string);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      kind: 'client',
      clientId: client.id,
      tenantId: tenant.id,
      scopes: ['system/Observation.r'],
    });
    expect(await apiAuditEntries(db, tenant.id)).toContainEqual(
      expect.objectContaining({ action: 'sign_in', reason: 'client_credentials', actor: null }),
    );
  });

  it('accepts HTTP Basic client authentication and a JSON body', async () => {
    const { client } = await systemClient();
    const viaBasic = await tokenRequest(
      setup.app,
      { grant_type: 'client_credentials', scope: 'system/Patient.rs' },
      { authorization: basic(client.clientId, client.clientSecret) },
    );
    expect(viaBasic.statusCode).toBe(200);
    const viaJson = await setup.app.inject({
      method: 'POST',
      remoteAddress: randomAddress(),
      url: '/oauth2/token',
      payload: {
        grant_type: 'client_credentials',
        scope: 'system/Patient.rs system/Observation.rs',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      },
    });
    expect(viaJson.statusCode).toBe(200);
    expect(viaJson.json<{ scope: string }>().scope).toBe('system/Patient.rs system/Observation.rs');
  });

  it('refuses a scope beyond the registered ones, or none, with invalid_scope', async () => {
    const { client } = await systemClient();
    for (const scope of ['system/*.rs', 'system/Observation.cruds', 'system/Encounter.r', '']) {
      const res = await tokenRequest(setup.app, {
        grant_type: 'client_credentials',
        scope,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(res.statusCode, scope).toBe(400);
      expect(res.json<{ error: string }>().error, scope).toBe('invalid_scope');
    }
  });

  it('a wrong secret and an unknown client get the same invalid_client answer', async () => {
    const { tenant, client } = await systemClient();
    const attempts = [
      { client_id: client.clientId, client_secret: `${client.clientSecret.slice(0, -1)}A` },
      {
        client_id: formatClientId(tenant.id, crypto.randomUUID()),
        client_secret: client.clientSecret,
      },
      {
        client_id: formatClientId(crypto.randomUUID(), client.id),
        client_secret: client.clientSecret,
      },
      { client_id: 'not-a-client', client_secret: client.clientSecret },
    ];
    const answers = [];
    for (const credentials of attempts) {
      const res = await tokenRequest(setup.app, {
        grant_type: 'client_credentials',
        scope: 'system/Observation.rs',
        ...credentials,
      });
      answers.push({
        status: res.statusCode,
        body: res.body,
        challenge: res.headers['www-authenticate'],
        type: res.headers['content-type'],
      });
    }
    expect(answers[0]).toEqual({
      status: 401,
      body: JSON.stringify({
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
      }),
      challenge: 'Basic realm="haven"',
      type: 'application/json; charset=utf-8',
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await apiAuditEntries(db, tenant.id)).toContainEqual(
      expect.objectContaining({
        action: 'sign_in_failed',
        reason: 'invalid_client',
        resourceId: client.id,
      }),
    );
  });

  it('answers malformed requests in RFC 6749 terms', async () => {
    const { tenant, browser, client } = await systemClient();
    const creds = { client_id: client.clientId, client_secret: client.clientSecret };
    const error = async (params: Record<string, string>, headers: Record<string, string> = {}) => {
      const res = await tokenRequest(setup.app, params, headers);
      return [res.statusCode, res.json<{ error: string }>().error];
    };
    expect(await error({ scope: 'system/Patient.rs', ...creds })).toEqual([400, 'invalid_request']);
    expect(await error({ grant_type: 'password', ...creds })).toEqual([
      400,
      'unsupported_grant_type',
    ]);
    expect(await error({ grant_type: 'client_credentials', scope: 'system/Patient.rs' })).toEqual([
      401,
      'invalid_client',
    ]);
    expect(
      await error(
        {
          grant_type: 'client_credentials',
          scope: 'system/Patient.rs',
          client_secret: client.clientSecret,
        },
        { authorization: basic(client.clientId, client.clientSecret) },
      ),
    ).toEqual([400, 'invalid_request']);
    const repeated = await setup.app.inject({
      method: 'POST',
      remoteAddress: randomAddress(),
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&scope=a&scope=b&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
    });
    expect([repeated.statusCode, repeated.json<{ error: string }>().error]).toEqual([
      400,
      'invalid_request',
    ]);

    const app = await registerTestClient(browser, tenant.id, {
      kind: 'user-delegated',
      scopes: ['user/*.rs'],
    });
    expect(
      await error({
        grant_type: 'client_credentials',
        scope: 'user/*.rs',
        client_id: app.clientId,
        client_secret: app.clientSecret,
      }),
    ).toEqual([400, 'unauthorized_client']);
  });

  it('a token expires after 15 minutes', async () => {
    const { client } = await systemClient();
    const res = await tokenRequest(setup.app, {
      grant_type: 'client_credentials',
      scope: 'system/Observation.rs',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const token = res.json<{ access_token: string }>().access_token;
    setup.clock.advance(15 * 60_000 - 1000);
    expect((await bearerGet(setup.app, token)).statusCode).toBe(200);
    setup.clock.advance(1000);
    const expired = await bearerGet(setup.app, token);
    expect(expired.statusCode).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Bearer realm="haven", error="invalid_token"');
  });

  it('neither the secret nor the token is stored in clear or logged', async () => {
    const { tenant, client } = await systemClient();
    const res = await tokenRequest(
      setup.app,
      { grant_type: 'client_credentials', scope: 'system/Observation.rs' },
      { authorization: basic(client.clientId, client.clientSecret) },
    );
    const token = res.json<{ access_token: string }>().access_token;
    await bearerGet(setup.app, token);
    const dump = await systemTransaction(db, async (tx) => {
      const rows = await sql<{ row: string }>`
        select t::text as row from api_token t where tenant_id = ${tenant.id}
        union all select c::text from api_client c where tenant_id = ${tenant.id}
        union all select b::text from rate_limit_bucket b`.execute(tx);
      return rows.rows.map((r) => r.row).join('\n');
    });
    const hex = (value: string) => Buffer.from(value).toString('hex');
    for (const secret of [
      token,
      client.clientSecret,
      token.slice(4),
      client.clientSecret.slice(4),
    ]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(hex(secret));
      expect(setup.log.text).not.toContain(secret);
    }
  });

  it('is rate-limited per client and per address', async () => {
    const { client } = await systemClient();
    const params = {
      grant_type: 'client_credentials',
      scope: 'system/Observation.rs',
      client_id: client.clientId,
      client_secret: 'wrong',
    };
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await tokenRequest(setup.app, params)).statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await tokenRequest(setup.app, params);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');

    const address = randomAddress();
    const fromOne: number[] = [];
    for (let i = 0; i < 61; i++) {
      fromOne.push(
        (await tokenRequest(setup.app, { grant_type: 'client_credentials' }, {}, address))
          .statusCode,
      );
    }
    expect(fromOne.at(-2)).toBe(401);
    expect(fromOne.at(-1)).toBe(429);
  });
});
