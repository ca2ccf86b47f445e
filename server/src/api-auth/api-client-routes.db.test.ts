import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { createTestUser, TestBrowser } from '../../test/identity-fixtures.js';
import {
  apiAuditEntries,
  apiAuthTestApp,
  bearerGet,
  clearedBrowser,
  registerTestClient,
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

describe('API client administration', () => {
  it('unauthenticated is refused', async () => {
    const tenant = await createTestTenant(db);
    const url = `/api/practices/${tenant.id}/api-clients`;
    const body = { name: 'x', kind: 'system', scopes: ['system/*.rs'] };
    expect((await setup.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await setup.app.inject({ method: 'POST', url, payload: body })).statusCode).toBe(401);
  });

  it('an administrator registers a client and sees its secret once; the list shows none', async () => {
    const tenant = await createTestTenant(db);
    const { browser, user } = await clearedBrowser(setup, tenant.id, 'practice_admin');
    const registered = await registerTestClient(browser, tenant.id, {
      scopes: ['system/Observation.rs', 'system/Patient.rs'],
    });
    expect(registered).toMatchObject({
      name: 'Lab interface',
      kind: 'system',
      scopes: ['system/Observation.rs', 'system/Patient.rs'],
      createdBy: user.userId,
      revokedAt: null,
    });
    expect(registered.clientId).toMatch(/^hvc_/);
    expect(registered.clientSecret).toMatch(/^hvs_/);

    const list = await browser.request('GET', `/api/practices/${tenant.id}/api-clients`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      expect.objectContaining({ id: registered.id, clientId: registered.clientId }),
    ]);
    expect(list.body).not.toContain(registered.clientSecret);
    expect(list.body).not.toContain('secret');
  });

  it('staff who are not administrators are refused (403); another practice is not found (404)', async () => {
    const tenant = await createTestTenant(db);
    const other = await createTestTenant(db);
    const { browser: clinician } = await clearedBrowser(setup, tenant.id, 'clinician');
    const body = { name: 'x', kind: 'system', scopes: ['system/*.rs'] };
    const url = `/api/practices/${tenant.id}/api-clients`;
    expect((await clinician.request('POST', url, body)).statusCode).toBe(403);
    expect((await clinician.request('GET', url)).statusCode).toBe(403);

    const { browser: otherAdmin } = await clearedBrowser(setup, other.id, 'practice_admin');
    expect((await otherAdmin.request('POST', url, body)).statusCode).toBe(404);
    expect((await otherAdmin.request('GET', url)).statusCode).toBe(404);
    const patientUser = await createTestUser(db, setup.keyring);
    const stranger = new TestBrowser(setup.app);
    await stranger.signIn(patientUser);
    expect((await stranger.request('POST', url, body)).statusCode).toBe(404);
  });

  it('an administrator without clearance (no MFA, no agreement) is refused', async () => {
    const tenant = await createTestTenant(db);
    const admin = await createTestUser(db, setup.keyring, {
      staff: { tenantId: tenant.id, role: 'practice_admin' },
    });
    const browser = new TestBrowser(setup.app);
    await browser.signIn(admin);
    const res = await browser.request('POST', `/api/practices/${tenant.id}/api-clients`, {
      name: 'x',
      kind: 'system',
      scopes: ['system/*.rs'],
    });
    expect(res.statusCode).toBe(403);
  });

  it('scopes that do not fit the kind of client are refused, by position', async () => {
    const tenant = await createTestTenant(db);
    const { browser } = await clearedBrowser(setup, tenant.id, 'practice_admin');
    const url = `/api/practices/${tenant.id}/api-clients`;
    const system = await browser.request('POST', url, {
      name: 'x',
      kind: 'system',
      scopes: ['system/*.rs', 'patient/*.rs', 'launch'],
    });
    expect(system.statusCode).toBe(400);
    expect(system.json<{ error: { issues: { location: string }[] } }>().error.issues).toEqual([
      expect.objectContaining({ location: '/scopes/1' }),
      expect.objectContaining({ location: '/scopes/2' }),
    ]);
    const delegated = await browser.request('POST', url, {
      name: 'Patient app',
      kind: 'user-delegated',
      scopes: ['patient/*.rs', 'launch/patient', 'openid', 'fhirUser'],
    });
    expect(delegated.statusCode).toBe(201);
  });

  it('revoking a client stops its tokens on the next request; every change is audited', async () => {
    const tenant = await createTestTenant(db);
    const { browser, user } = await clearedBrowser(setup, tenant.id, 'practice_admin');
    const client = await registerTestClient(browser, tenant.id, { scopes: ['system/*.rs'] });
    const issued = await tokenRequest(setup.app, {
      grant_type: 'client_credentials',
      scope: 'system/Observation.rs',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    const token = issued.json<{ access_token: string }>().access_token;
    expect((await bearerGet(setup.app, token)).statusCode).toBe(200);

    const revoked = await browser.request(
      'POST',
      `/api/practices/${tenant.id}/api-clients/${client.id}/revoke`,
    );
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<{ revokedAt: string }>().revokedAt).toBe(setup.clock.now().toISOString());
    const refused = await bearerGet(setup.app, token);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    const again = await tokenRequest(setup.app, {
      grant_type: 'client_credentials',
      scope: 'system/Observation.rs',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(again.statusCode).toBe(401);

    expect(await apiAuditEntries(db, tenant.id)).toEqual([
      expect.objectContaining({
        action: 'config_change',
        reason: 'api_client_registered:system',
        actor: user.userId,
        resourceId: client.id,
      }),
      expect.objectContaining({ action: 'sign_in', outcome: 'success', actor: null }),
      expect.objectContaining({ action: 'config_change', reason: 'api_client_revoked' }),
      expect.objectContaining({ action: 'sign_in_failed', reason: 'client_revoked' }),
    ]);
    const unknown = await browser.request(
      'POST',
      `/api/practices/${tenant.id}/api-clients/${crypto.randomUUID()}/revoke`,
    );
    expect(unknown.statusCode).toBe(404);
  });
});
