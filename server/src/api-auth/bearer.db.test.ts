import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { createTestUser } from '../../test/identity-fixtures.js';
import { issueTestToken } from './api-auth-test-fixtures.js';
import {
  apiAuthTestApp,
  bearerGet,
  clearedBrowser,
  type ApiAuthTestApp,
} from './api-auth-test-app.js';
import { gatePrincipalFor } from './bearer-http.js';
import { resolveBearer } from './bearer-resolution.js';
import { newBearerToken } from './credentials.js';

let db: HavenDatabase;
let setup: ApiAuthTestApp;
beforeAll(async () => {
  db = await openTestDatabase();
  setup = await apiAuthTestApp(db);
});
afterAll(() => db.close());

const deps = () => ({
  db,
  keyring: setup.keyring,
  publicUrl: 'http://localhost',
  now: setup.clock.now,
});

describe('bearer authentication', () => {
  it('a request without a token is refused with a bare Bearer challenge', async () => {
    const res = await setup.app.inject({ method: 'GET', url: '/api/test/bearer' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="haven"');
    expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('an unknown or malformed token is refused with invalid_token; on /fhir/ as an OperationOutcome', async () => {
    const tenant = await createTestTenant(db);
    for (const authorization of [
      'Bearer nonsense',
      `Bearer ${newBearerToken(tenant.id, 'client_access')}`,
      `Bearer ${newBearerToken(randomUUID(), 'personal')}`,
      'Basic dXNlcjpwYXNz',
    ]) {
      const res = await setup.app.inject({ url: '/api/test/bearer', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="haven", error="invalid_token"');
    }
    const fhir = await bearerGet(
      setup.app,
      newBearerToken(tenant.id, 'client_access'),
      '/fhir/test/Observation',
    );
    expect(fhir.statusCode).toBe(401);
    expect(fhir.headers['content-type']).toContain('application/fhir+json');
    expect(fhir.headers['www-authenticate']).toBe('Bearer realm="haven", error="invalid_token"');
    expect(fhir.json()).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'login' }],
    });
  });

  it('a bearer request needs no CSRF token, and a foreign Origin does not stop it', async () => {
    const tenant = await createTestTenant(db);
    const { authorization } = await issueTestToken(
      db,
      setup.keyring,
      { client: { tenantId: tenant.id } },
      { now: setup.clock.now() },
    );
    const res = await setup.app.inject({
      method: 'POST',
      url: '/api/test/bearer',
      headers: { authorization, origin: 'https://elsewhere.example' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'client', tenantId: tenant.id });
  });

  it('a request with both a session cookie and a bearer token is refused as ambiguous', async () => {
    const tenant = await createTestTenant(db);
    const { browser, user } = await clearedBrowser(setup, tenant.id, 'clinician');
    const { authorization } = await issueTestToken(
      db,
      setup.keyring,
      { staff: { tenantId: tenant.id, userId: user.userId } },
      { now: setup.clock.now() },
    );
    for (const [method, url] of [
      ['GET', '/api/test/bearer'],
      ['POST', '/api/test/bearer'],
      ['GET', '/api/me'],
    ] as const) {
      const res = await browser.request(method, url, undefined, { authorization });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
    }
    // Each alone is fine.
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);
    expect(
      (await setup.app.inject({ url: '/api/test/bearer', headers: { authorization } })).statusCode,
    ).toBe(200);
  });

  it('scopes limit what a token may do (insufficient_scope)', async () => {
    const tenant = await createTestTenant(db);
    const now = setup.clock.now();
    const patientOnly = await issueTestToken(
      db,
      setup.keyring,
      { client: { tenantId: tenant.id } },
      { scopes: ['system/Patient.rs'], now },
    );
    const refused = await bearerGet(setup.app, patientOnly.token, '/fhir/test/Observation');
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['www-authenticate']).toBe(
      'Bearer realm="haven", error="insufficient_scope"',
    );
    expect(refused.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    const search = await issueTestToken(
      db,
      setup.keyring,
      { client: { tenantId: tenant.id } },
      { scopes: ['system/Observation.s'], now },
    );
    expect((await bearerGet(setup.app, search.token, '/fhir/test/Observation')).statusCode).toBe(
      200,
    );
  });

  it('a staff token speaks for a staff member only while they work in the practice', async () => {
    const tenant = await createTestTenant(db);
    const staff = await createTestUser(db, setup.keyring, {
      staff: { tenantId: tenant.id, role: 'nurse' },
    });
    const { authorization, tokenId } = await issueTestToken(
      db,
      setup.keyring,
      { staff: { tenantId: tenant.id, userId: staff.userId } },
      { now: setup.clock.now() },
    );
    const principal = await resolveBearer(deps(), authorization);
    expect(principal).toEqual({
      kind: 'user',
      userId: staff.userId,
      tenantId: tenant.id,
      scopes: ['user/*.cruds'],
      tokenId,
      actingAs: 'staff',
      patientId: undefined,
    });
    expect(gatePrincipalFor(principal!)).toEqual({
      kind: 'staff',
      tenantId: tenant.id,
      userId: staff.userId,
    });
    await systemTransaction(db, (tx) =>
      tx
        .deleteFrom('practice_membership')
        .where('tenant_id', '=', tenant.id)
        .where('user_id', '=', staff.userId)
        .execute(),
    );
    expect(await resolveBearer(deps(), authorization)).toBeUndefined();
  });

  it('a patient token is bound to their own record, while their account there is active', async () => {
    const tenant = await createTestTenant(db);
    const patient = await createTestUser(db, setup.keyring);
    const patientId = randomUUID();
    const { authorization } = await issueTestToken(
      db,
      setup.keyring,
      { patient: { tenantId: tenant.id, userId: patient.userId, patientId } },
      { now: setup.clock.now() },
    );
    const principal = await resolveBearer(deps(), authorization);
    expect(principal).toMatchObject({
      kind: 'user',
      actingAs: 'patient',
      patientId,
      scopes: ['patient/*.cruds'],
    });
    expect(gatePrincipalFor(principal!)).toEqual({
      kind: 'patient',
      userId: patient.userId,
      tenantId: tenant.id,
      patientId,
    });
    await tenantTransaction(db, tenant.id, (tx) =>
      tx
        .updateTable('patient_account')
        .set({ status: 'closed' })
        .where('user_id', '=', patient.userId)
        .execute(),
    );
    expect(await resolveBearer(deps(), authorization)).toBeUndefined();
  });

  it('a system client’s token speaks for the client as a gate principal', async () => {
    const tenant = await createTestTenant(db);
    const { authorization, client } = await issueTestToken(
      db,
      setup.keyring,
      { client: { tenantId: tenant.id } },
      { now: setup.clock.now() },
    );
    const principal = await resolveBearer(deps(), authorization);
    expect(principal).toMatchObject({ kind: 'client', clientId: client?.id });
    expect(gatePrincipalFor(principal!)).toEqual({
      kind: 'client',
      clientId: client?.id,
      tenantId: tenant.id,
    });
  });
});
