import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { proxyCanDo } from '../proxies/index.js';
import { actingContext, actingMayDo } from './acting-context.js';
import {
  bornYearsAgo,
  createPerson,
  linkPatientAccount,
  proxyTestApp,
  sessionOf,
  signedInBrowser,
  storePatient,
} from './proxy-routes-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const HOUR = 3_600_000;

/** An adult patient with an active account in a practice, signed in. */
async function adultPatient() {
  const { app, clock, deps } = await proxyTestApp(db);
  const practice = await createTestTenant(db);
  const patient = await createPerson(db, keyring, {
    name: 'Rosa Diaz',
    dateOfBirth: bornYearsAgo(82),
  });
  const patientId = await storePatient(db, keyring, practice.id, {
    given: 'Rosa',
    family: 'Diaz',
    birthDate: bornYearsAgo(82),
  });
  await linkPatientAccount(db, {
    tenantId: practice.id,
    userId: patient.userId,
    patientId,
    status: 'active',
  });
  const browser = await signedInBrowser(app, deps, patient.userId);
  const grant = (proxyEmail: string, extra: Record<string, unknown> = {}) =>
    browser.request('POST', '/api/me/proxies', {
      tenantId: practice.id,
      proxyEmail,
      relationship: 'caregiver',
      scopes: ['read', 'appointments'],
      ...extra,
    });
  return { app, clock, deps, practice, patient, patientId, browser, grant };
}

describe('a patient’s own proxies', () => {
  it('a caregiver must have an account, a known date of birth, and be 18 or over', async () => {
    const { patient, grant } = await adultPatient();
    const minor = await createPerson(db, keyring, { dateOfBirth: bornYearsAgo(17) });
    const unknownAge = await createPerson(db, keyring);

    const young = await grant(minor.email);
    expect(young.statusCode).toBe(422);
    expect(young.json()).toMatchObject({ error: { message: 'A proxy must be 18 or over.' } });
    const noDob = await grant(unknownAge.email);
    expect(noDob.statusCode).toBe(422);
    expect(noDob.json<{ error: { message: string } }>().error.message).toContain('date of birth');
    expect((await grant('no-such-person@example.org')).statusCode).toBe(404);
    expect((await grant(patient.email)).statusCode).toBe(400);
    expect((await grant(minor.email, { scopes: ['everything'] })).statusCode).toBe(400);
  });

  it('grants, lists and revokes; the caregiver’s next request no longer reaches the record', async () => {
    const { app, deps, practice, patientId, browser, grant } = await adultPatient();
    const caregiver = await createPerson(db, keyring, {
      name: 'Sam Okafor',
      dateOfBirth: bornYearsAgo(55),
    });
    const created = await grant(caregiver.email);
    expect(created.statusCode).toBe(201);
    const grantId = created.json<{ id: string }>().id;
    expect(created.json()).toMatchObject({
      patientId,
      proxyUserId: caregiver.userId,
      proxyDisplayName: 'Sam Okafor',
      basis: 'granted_by_patient',
      scopes: ['read', 'appointments'],
      status: 'active',
    });
    expect((await grant(caregiver.email)).statusCode).toBe(409);

    const listed = await browser.request('GET', `/api/me/proxies?tenantId=${practice.id}`);
    expect(listed.json()).toEqual([expect.objectContaining({ id: grantId, status: 'active' })]);

    const carer = await signedInBrowser(app, deps, caregiver.userId);
    const records = (await carer.request('GET', '/api/me/records')).json<{ proxied: unknown[] }>();
    expect(records.proxied).toEqual([
      expect.objectContaining({
        patientId,
        displayName: 'Rosa Diaz',
        relationship: 'caregiver',
        scopes: ['read', 'appointments'],
        excludedCategories: [],
      }),
    ]);
    const target = { tenantId: practice.id, patientId };
    expect((await carer.request('POST', '/api/me/acting-as', target)).statusCode).toBe(200);
    // The caregiver cannot list the grants on a record that is not theirs; a stranger cannot
    // revoke a grant, nor learn that it exists.
    expect((await carer.request('GET', `/api/me/proxies?tenantId=${practice.id}`)).statusCode).toBe(
      404,
    );
    const stranger = await signedInBrowser(app, deps, (await createPerson(db, keyring)).userId);
    expect((await stranger.request('POST', `/api/me/proxies/${grantId}/revoke`)).statusCode).toBe(
      404,
    );

    const revoked = await browser.request('POST', `/api/me/proxies/${grantId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: grantId, status: 'revoked', alreadyRevoked: false });
    // Same session, next request: nothing to act on.
    expect(await actingContext(deps, await sessionOf(deps, carer))).toBeUndefined();
    const after = (await carer.request('GET', '/api/me/records')).json<{ current: unknown }>();
    expect(after).toMatchObject({ current: null, proxied: [] });
    expect((await carer.request('POST', '/api/me/acting-as', target)).statusCode).toBe(404);
    const again = await browser.request('POST', `/api/me/proxies/${grantId}/revoke`);
    expect(again.json()).toMatchObject({ alreadyRevoked: true });
  });

  it('a proxy cannot act outside scope or after expiry or revocation', async () => {
    const { app, clock, deps, practice, patient, patientId, browser, grant } = await adultPatient();
    const target = { tenantId: practice.id, patientId };

    // Scope: a caregiver for appointments only.
    const booker = await createPerson(db, keyring, { dateOfBirth: bornYearsAgo(40) });
    const expiresAt = new Date(clock.now().getTime() + 2 * HOUR).toISOString();
    const limited = await grant(booker.email, { scopes: ['appointments'], expiresAt });
    expect(limited.statusCode).toBe(201);
    const bookerBrowser = await signedInBrowser(app, deps, booker.userId);
    expect((await bookerBrowser.request('POST', '/api/me/acting-as', target)).statusCode).toBe(200);
    const context = await actingContext(deps, await sessionOf(deps, bookerBrowser));
    expect(context).toMatchObject({ onBehalfOf: booker.userId, scopes: ['appointments'] });
    expect(actingMayDo(context, { scope: 'appointments', categories: [] })).toEqual({
      allowed: true,
      reason: 'ok',
    });
    expect(actingMayDo(context, { scope: 'read', categories: [] })).toEqual({
      allowed: false,
      reason: 'proxy_scope',
    });
    expect(proxyCanDo(context?.proxyAccess, { scope: 'messaging', categories: [] }).reason).toBe(
      'proxy_scope',
    );

    // Revocation: a second caregiver, revoked by the patient, loses access on the next call.
    const helper = await createPerson(db, keyring, { dateOfBirth: bornYearsAgo(30) });
    const helperGrant = (await grant(helper.email)).json<{ id: string }>().id;
    const helperBrowser = await signedInBrowser(app, deps, helper.userId);
    expect((await helperBrowser.request('POST', '/api/me/acting-as', target)).statusCode).toBe(200);
    expect(await actingContext(deps, await sessionOf(deps, helperBrowser))).toBeDefined();
    await browser.request('POST', `/api/me/proxies/${helperGrant}/revoke`);
    const revokedContext = await actingContext(deps, await sessionOf(deps, helperBrowser));
    expect(revokedContext).toBeUndefined();
    expect(actingMayDo(revokedContext, { scope: 'read', categories: [] }).allowed).toBe(false);
    expect((await helperBrowser.request('POST', '/api/me/acting-as', target)).statusCode).toBe(404);

    // Expiry: past the two hours, the appointments grant is gone.
    clock.advance(2 * HOUR + 1000);
    const later = await signedInBrowser(app, deps, booker.userId);
    const stale = {
      ...(await sessionOf(deps, later)),
      actingTenantId: practice.id,
      actingPatientId: patientId,
    };
    expect(await actingContext(deps, stale)).toBeUndefined();
    const records = (await later.request('GET', '/api/me/records')).json<{ proxied: unknown[] }>();
    expect(records.proxied).toEqual([]);
    expect((await later.request('POST', '/api/me/acting-as', target)).statusCode).toBe(404);
    const patientLater = await signedInBrowser(app, deps, patient.userId);
    const listed = await patientLater.request('GET', `/api/me/proxies?tenantId=${practice.id}`);
    expect(listed.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ proxyUserId: booker.userId, status: 'expired' }),
        expect.objectContaining({ proxyUserId: helper.userId, status: 'revoked' }),
      ]),
    );
  });

  it('a patient switches to their own record, and acts on it by default', async () => {
    const { deps, practice, patientId, browser } = await adultPatient();
    const own = await browser.request('POST', '/api/me/acting-as', {
      tenantId: practice.id,
      patientId,
    });
    expect(own.json()).toMatchObject({ self: true, displayName: 'Rosa Diaz' });
    const records = (await browser.request('GET', '/api/me/records')).json<{ current: unknown }>();
    expect(records.current).toEqual({
      tenantId: practice.id,
      patientId,
      self: true,
      displayName: 'Rosa Diaz',
    });
    // With one active account and no choice made, the person acts on their own record.
    const fresh = {
      ...(await sessionOf(deps, browser)),
      actingTenantId: null,
      actingPatientId: null,
    };
    expect(await actingContext(deps, fresh)).toMatchObject({ tenantId: practice.id, patientId });
  });
});
