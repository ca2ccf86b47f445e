import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { createTestUser, TestBrowser } from '../../test/identity-fixtures.js';
import {
  apiAuditEntries,
  apiAuthTestApp,
  bearerGet,
  clearedBrowser,
  type ApiAuthTestApp,
} from './api-auth-test-app.js';

let db: HavenDatabase;
let setup: ApiAuthTestApp;
beforeAll(async () => {
  db = await openTestDatabase();
  setup = await apiAuthTestApp(db);
});
afterAll(() => db.close());

interface Created {
  id: string;
  token: string;
  status: string;
  scopes: string[];
  actingAs: string;
  patientId: string | null;
}

/** A signed-in patient with an active account on a record of the practice. */
async function patientBrowser(tenantId: string) {
  const user = await createTestUser(db, setup.keyring);
  const patientId = randomUUID();
  await tenantTransaction(db, tenantId, (tx) =>
    tx
      .insertInto('patient_account')
      .values({
        tenant_id: tenantId,
        user_id: user.userId,
        patient_id: patientId,
        status: 'active',
      })
      .execute(),
  );
  const browser = new TestBrowser(setup.app);
  expect((await browser.signIn(user)).statusCode).toBe(200);
  return { browser, user, patientId };
}

describe('personal access tokens', () => {
  it('unauthenticated is refused', async () => {
    const tenant = await createTestTenant(db);
    const id = randomUUID();
    for (const [method, url, payload] of [
      ['POST', '/api/me/api-tokens', { name: 'x', tenantId: tenant.id, expiresInDays: 30 }],
      ['GET', '/api/me/api-tokens', undefined],
      ['POST', `/api/me/api-tokens/${id}/revoke`, { tenantId: tenant.id }],
    ] as const) {
      const res = await setup.app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('a cleared staff member creates, lists and revokes a token, shown only once', async () => {
    const tenant = await createTestTenant(db);
    const { browser, user } = await clearedBrowser(setup, tenant.id, 'clinician');
    const res = await browser.request('POST', '/api/me/api-tokens', {
      name: 'My scripts',
      tenantId: tenant.id,
      expiresInDays: 30,
      scopes: ['user/Observation.rs'],
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<Created>();
    expect(created).toMatchObject({
      status: 'active',
      actingAs: 'staff',
      patientId: null,
      scopes: ['user/Observation.rs'],
      expiresAt: new Date(setup.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    });
    expect(created.token).toMatch(/^hvp_/);
    expect(await bearerGet(setup.app, created.token).then((r) => r.json<unknown>())).toMatchObject({
      kind: 'user',
      userId: user.userId,
      actingAs: 'staff',
    });

    const list = await browser.request('GET', '/api/me/api-tokens');
    expect(list.json()).toEqual([expect.objectContaining({ id: created.id, name: 'My scripts' })]);
    expect(list.body).not.toContain(created.token);

    const revoked = await browser.request('POST', `/api/me/api-tokens/${created.id}/revoke`, {
      tenantId: tenant.id,
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    expect((await bearerGet(setup.app, created.token)).statusCode).toBe(401);
    expect(await apiAuditEntries(db, tenant.id)).toEqual([
      expect.objectContaining({
        action: 'config_change',
        reason: 'api_token_created:staff',
        actor: user.userId,
        resourceId: created.id,
      }),
      expect.objectContaining({
        action: 'config_change',
        reason: 'api_token_revoked',
        resourceId: created.id,
      }),
    ]);
  });

  it('staff without clearance for patient data are refused', async () => {
    const tenant = await createTestTenant(db);
    const nurse = await createTestUser(db, setup.keyring, {
      staff: { tenantId: tenant.id, role: 'nurse' },
    });
    const browser = new TestBrowser(setup.app);
    expect((await browser.signIn(nurse)).statusCode).toBe(200);
    const res = await browser.request('POST', '/api/me/api-tokens', {
      name: 'x',
      tenantId: tenant.id,
      expiresInDays: 7,
    });
    expect(res.statusCode).toBe(403);
    expect(
      res.json<{ error: { issues: { message: string }[] } }>().error.issues.map((i) => i.message),
    ).toEqual(['no_attestation', 'no_mfa']);
  });

  it('a patient’s token is bound to their own record, with patient scopes only', async () => {
    const tenant = await createTestTenant(db);
    const { browser, user, patientId } = await patientBrowser(tenant.id);
    const res = await browser.request('POST', '/api/me/api-tokens', {
      name: 'Health app',
      tenantId: tenant.id,
      expiresInDays: 90,
    });
    expect(res.statusCode).toBe(201);
    const created = res.json<Created>();
    expect(created).toMatchObject({ actingAs: 'patient', patientId, scopes: ['patient/*.rs'] });
    expect(await bearerGet(setup.app, created.token).then((r) => r.json<unknown>())).toMatchObject({
      kind: 'user',
      userId: user.userId,
      patientId,
    });
    const wider = await browser.request('POST', '/api/me/api-tokens', {
      name: 'x',
      tenantId: tenant.id,
      expiresInDays: 1,
      scopes: ['user/*.rs'],
    });
    expect(wider.statusCode).toBe(400);
    const asStaff = await browser.request('POST', '/api/me/api-tokens', {
      name: 'x',
      tenantId: tenant.id,
      expiresInDays: 1,
      actingAs: 'staff',
    });
    expect(asStaff.statusCode).toBe(404);
  });

  it('another practice is not found; more than 90 days is refused; tokens expire', async () => {
    const tenant = await createTestTenant(db);
    const other = await createTestTenant(db);
    const { browser } = await patientBrowser(tenant.id);
    const create = (body: Record<string, unknown>) =>
      browser.request('POST', '/api/me/api-tokens', { name: 'x', tenantId: tenant.id, ...body });
    expect((await create({ tenantId: other.id, expiresInDays: 1 })).statusCode).toBe(404);
    expect((await create({ expiresInDays: 91 })).statusCode).toBe(400);
    expect((await create({ expiresInDays: 0 })).statusCode).toBe(400);
    const created = (await create({ expiresInDays: 1 })).json<Created>();
    expect((await bearerGet(setup.app, created.token)).statusCode).toBe(200);
    setup.clock.advance(86_400_000);
    expect((await bearerGet(setup.app, created.token)).statusCode).toBe(401);
  });

  it('nobody revokes or sees another person’s token', async () => {
    const tenant = await createTestTenant(db);
    const owner = await patientBrowser(tenant.id);
    const other = await patientBrowser(tenant.id);
    const created = (
      await owner.browser.request('POST', '/api/me/api-tokens', {
        name: 'Mine',
        tenantId: tenant.id,
        expiresInDays: 5,
      })
    ).json<Created>();
    const res = await other.browser.request('POST', `/api/me/api-tokens/${created.id}/revoke`, {
      tenantId: tenant.id,
    });
    expect(res.statusCode).toBe(404);
    expect((await other.browser.request('GET', '/api/me/api-tokens')).json()).toEqual([]);
    expect((await bearerGet(setup.app, created.token)).statusCode).toBe(200);
  });
});
