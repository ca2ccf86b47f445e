import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { openTestDatabase } from '../../test/test-database.js';
import {
  apiAuditEntries,
  apiAuthTestApp,
  bearerGet,
  basicAuth,
  practiceWithClient,
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

describe('POST /oauth2/token (client_credentials)', () => {
  it('issues a 15-minute bearer token for a subset of the registered scopes', async () => {
    const { tenant, client } = await practiceWithClient(setup);
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
    const { client } = await practiceWithClient(setup);
    const viaBasic = await tokenRequest(
      setup.app,
      { grant_type: 'client_credentials', scope: 'system/Patient.rs' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
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
    const { client } = await practiceWithClient(setup);
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
    const { tenant, client } = await practiceWithClient(setup);
    // One character changed (never to itself: a secret ending in "A" made this pass as right).
    const last = client.clientSecret.endsWith('A') ? 'B' : 'A';
    const attempts = [
      { client_id: client.clientId, client_secret: `${client.clientSecret.slice(0, -1)}${last}` },
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
    const { tenant, browser, client } = await practiceWithClient(setup);
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
        { authorization: basicAuth(client.clientId, client.clientSecret) },
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
});
