import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { openTestDatabase } from '../../test/test-database.js';
import {
  apiAuthTestApp,
  bearerGet,
  basicAuth,
  practiceWithClient,
  randomAddress,
  tokenRequest,
  type ApiAuthTestApp,
} from './api-auth-test-app.js';

let db: HavenDatabase;
let setup: ApiAuthTestApp;
beforeAll(async () => {
  db = await openTestDatabase();
  setup = await apiAuthTestApp(db);
});
afterAll(() => db.close());

describe('issued tokens: lifetime, storage, rate limits', () => {
  it('a token expires after 15 minutes', async () => {
    const { client } = await practiceWithClient(setup);
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
    const { tenant, client } = await practiceWithClient(setup);
    const res = await tokenRequest(
      setup.app,
      { grant_type: 'client_credentials', scope: 'system/Observation.rs' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
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
    const { client } = await practiceWithClient(setup);
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
