/**
 * Helpers for this folder's tests: the real app on a test clock with a few bearer-protected
 * routes (one under /fhir/), an administrator's browser, and token requests. Test-only.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { Type } from 'typebox';
import type { HavenApp } from '../app/build-app.js';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { buildTestApp, TestClock, type LogCapture } from '../../test/test-app.js';
import { createTestTenant, testKeyring } from '../../test/test-database.js';
import { clearedStaffBrowser, type TestBrowser } from '../../test/identity-fixtures.js';
import type { StaffRole } from '../identity/roles.js';
import { bearerAuth, requireScope } from './bearer-http.js';

export interface ApiAuthTestApp {
  app: HavenApp;
  clock: TestClock;
  keyring: Keyring;
  log: LogCapture;
  db: HavenDatabase;
}

const Principal = Type.Object({
  kind: Type.String(),
  tenantId: Type.String(),
  tokenId: Type.String(),
  scopes: Type.Array(Type.String()),
  userId: Type.Optional(Type.String()),
  clientId: Type.Optional(Type.String()),
  actingAs: Type.Optional(Type.String()),
  patientId: Type.Optional(Type.String()),
});

export async function apiAuthTestApp(db: HavenDatabase): Promise<ApiAuthTestApp> {
  const clock = new TestClock(new Date('2026-11-25T09:00:00Z'));
  const { app, log } = await buildTestApp(db, {
    clock,
    routes: (app) => {
      const options = {
        preHandler: bearerAuth,
        schema: { hide: true, response: { 200: Principal } },
      };
      const echo = (request: { apiPrincipal: unknown }) => request.apiPrincipal;
      app.get('/api/test/bearer', options, echo);
      app.post('/api/test/bearer', options, echo);
      app.get('/fhir/test/Observation', options, (request) => {
        requireScope(request, request.apiPrincipal!, 'Observation', 'search');
        return request.apiPrincipal;
      });
    },
  });
  return { app, clock, keyring: testKeyring(db), log, db };
}

/** A signed-in staff member with patient-data clearance in the practice. */
export function clearedBrowser(
  setup: ApiAuthTestApp,
  tenantId: string,
  role: StaffRole,
): Promise<{ browser: TestBrowser; user: { userId: string } }> {
  return clearedStaffBrowser(setup.app, setup.db, setup.keyring, setup.clock.now, tenantId, role);
}

/** An administrator registers a client; returns the answer's body. */
export async function registerTestClient(
  browser: TestBrowser,
  tenantId: string,
  body: { name?: string; kind?: string; scopes: string[] },
): Promise<{ id: string; clientId: string; clientSecret: string; scopes: string[] }> {
  const res = await browser.request('POST', `/api/practices/${tenantId}/api-clients`, {
    name: 'Lab interface',
    kind: 'system',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A client address of its own, so per-address limits count only this test's requests. */
export function randomAddress(): string {
  return `10.${randomBytes(3).join('.')}`;
}

/** A form-encoded POST to the token endpoint (from a fresh address unless one is given). */
export function tokenRequest(
  app: HavenApp,
  params: Record<string, string>,
  headers: Record<string, string> = {},
  remoteAddress = randomAddress(),
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth2/token',
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(params).toString(),
  });
}

/** A GET of the echo route with a bearer token. */
export function bearerGet(
  app: HavenApp,
  token: string,
  url = '/api/test/bearer',
): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

/** The practice's audit entries about API access, oldest first (as the owner). */
export async function apiAuditEntries(db: HavenDatabase, tenantId: string) {
  const rows = await systemTransaction(db, (tx) =>
    tx
      .selectFrom('audit_entry')
      .select(['action', 'outcome', 'reason_code', 'actor_user_id', 'resource_type', 'resource_id'])
      .where('tenant_id', '=', tenantId)
      .where('resource_type', 'in', ['ApiClient', 'ApiToken'])
      .orderBy('at')
      .orderBy('chain_id')
      .orderBy('seq')
      .execute(),
  );
  return rows.map((r) => ({
    action: r.action,
    outcome: r.outcome,
    reason: r.reason_code,
    actor: r.actor_user_id,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
  }));
}

/** A new practice, its cleared administrator's browser, and a system client they registered. */
export async function practiceWithClient(
  setup: ApiAuthTestApp,
  scopes = ['system/Observation.rs', 'system/Patient.rs'],
) {
  const tenant = await createTestTenant(setup.db);
  const { browser } = await clearedBrowser(setup, tenant.id, 'practice_admin');
  return { tenant, browser, client: await registerTestClient(browser, tenant.id, { scopes }) };
}

/** client_secret_basic: both halves form-encoded, joined by a colon, base64 (RFC 6749 §2.3.1). */
export function basicAuth(id: string, secret: string): string {
  const pair = `${encodeURIComponent(id)}:${encodeURIComponent(secret)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}
