import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction } from '../../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import { assertClinicalClearance, assertPatientDataClearance } from './clearance.js';
import { CURRENT_ATTESTATION_VERSION } from './attestation-text.js';
import { createStaff, enrolTotp, outcome, signedIn, staffTestApp } from './staff-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const DAY = 86_400_000;

describe('staff clearance', () => {
  it('unauthenticated is refused', async () => {
    const { app } = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    for (const [method, url] of [
      ['GET', `/api/practices/${tenant.id}/me/clearance`],
      ['GET', `/api/practices/${tenant.id}/attestation`],
      ['POST', `/api/practices/${tenant.id}/attestation`],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        payload: { version: CURRENT_ATTESTATION_VERSION },
      });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('staff cannot reach patient data before attesting', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const nurse = await createStaff(db, setup.keyring, tenant.id, ['nurse']);
    const browser = await signedIn(setup, nurse);
    const input = { tenantId: tenant.id, userId: nurse.userId, now: setup.clock.now() };
    const check = () =>
      tenantTransaction(db, tenant.id, (tx) => assertPatientDataClearance(tx, input));
    const url = `/api/practices/${tenant.id}`;

    expect(await outcome(check)).toEqual({
      code: 'forbidden',
      reasons: ['no_attestation', 'no_mfa'],
    });
    await enrolTotp(db, setup.keyring, nurse, setup.clock.now());
    expect(await outcome(check)).toEqual({ code: 'forbidden', reasons: ['no_attestation'] });
    expect((await browser.request('GET', `${url}/me/clearance`)).json()).toMatchObject({
      roles: ['nurse'],
      mfa: true,
      attested: false,
      attestationVersion: '2026-11',
      patientData: false,
      reasons: ['no_attestation', 'licence_missing'],
    });

    const text = await browser.request('GET', `${url}/attestation?lang=es`);
    expect(text.statusCode).toBe(200);
    expect(text.json()).toMatchObject({
      version: '2026-11',
      locale: 'es',
      title: 'Acuerdo de confidencialidad',
      signedAt: null,
      history: [],
    });
    const stale = await browser.request('POST', `${url}/attestation`, { version: '2025-01' });
    expect(stale.statusCode).toBe(409);
    expect(await outcome(check)).toMatchObject({ reasons: ['no_attestation'] });

    const signed = await browser.request('POST', `${url}/attestation`, { version: '2026-11' });
    expect(signed.statusCode).toBe(200);
    const signedAt = setup.clock.now().toISOString();
    expect(signed.json()).toEqual({ version: '2026-11', signedAt });
    setup.clock.advance(60_000);
    const again = await browser.request('POST', `${url}/attestation`, { version: '2026-11' });
    expect(again.json()).toEqual({ version: '2026-11', signedAt });

    expect(await outcome(check)).toBe('cleared');
    const after = await browser.request('GET', `${url}/attestation`);
    expect(after.json()).toMatchObject({
      locale: 'en',
      signedAt,
      history: [{ version: '2026-11', signedAt }],
    });
    expect((await browser.request('GET', `${url}/me/clearance`)).json()).toMatchObject({
      attested: true,
      patientData: true,
      clinicalAccess: false,
      reasons: ['licence_missing'],
    });
  });

  it('a clinician with an expired or unverified licence has no clinical access', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const clinician = await createStaff(db, setup.keyring, tenant.id, ['clinician']);
    const admin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin']);
    const adminBrowser = await signedIn(setup, admin);
    const browser = await signedIn(setup, clinician);
    await enrolTotp(db, setup.keyring, clinician, setup.clock.now());
    const url = `/api/practices/${tenant.id}`;
    await browser.request('POST', `${url}/attestation`, { version: CURRENT_ATTESTATION_VERSION });
    const clinical = () =>
      tenantTransaction(db, tenant.id, (tx) =>
        assertClinicalClearance(tx, {
          tenantId: tenant.id,
          userId: clinician.userId,
          now: setup.clock.now(),
        }),
      );
    const clearance = async () =>
      (await browser.request('GET', `${url}/me/clearance`)).json<Record<string, unknown>>();

    expect(await outcome(clinical)).toEqual({ code: 'forbidden', reasons: ['licence_missing'] });
    const recorded = await adminBrowser.request('PUT', `${url}/staff/${clinician.userId}/licence`, {
      number: 'MD-0048213',
      issuingState: 'ca',
      expiresOn: '2026-11-30',
    });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({ issuingState: 'CA', verification: 'unverified' });
    expect(await clearance()).toMatchObject({
      licence: 'unverified',
      patientData: true,
      clinicalAccess: false,
      reasons: ['licence_unverified'],
    });
    expect(await outcome(clinical)).toEqual({ code: 'forbidden', reasons: ['licence_unverified'] });

    const verified = await adminBrowser.request(
      'POST',
      `${url}/staff/${clinician.userId}/licence/verification`,
      { decision: 'verified' },
    );
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({
      verification: 'verified',
      decidedBy: admin.userId,
      decidedAt: setup.clock.now().toISOString(),
    });
    expect(await clearance()).toMatchObject({
      licence: 'valid',
      clinicalAccess: true,
      reasons: [],
    });
    expect(await outcome(clinical)).toBe('cleared');

    // Good through its expiry date, gone the day after (a new sign-in: the session went idle).
    setup.clock.advance(6 * DAY);
    expect(await outcome(clinical)).toBe('cleared');
    setup.clock.advance(1 * DAY);
    expect(await outcome(clinical)).toEqual({ code: 'forbidden', reasons: ['licence_expired'] });
    const later = await signedIn(setup, clinician);
    expect((await later.request('GET', `${url}/me/clearance`)).json()).toMatchObject({
      licence: 'expired',
      patientData: true,
      clinicalAccess: false,
      reasons: ['licence_expired'],
    });

    const rejectedNurse = await createStaff(db, setup.keyring, tenant.id, ['nurse']);
    const adminAgain = await signedIn(setup, admin);
    await adminAgain.request('PUT', `${url}/staff/${rejectedNurse.userId}/licence`, {
      number: 'RN-771100',
      issuingState: 'NV',
      expiresOn: '2030-01-01',
    });
    await adminAgain.request('POST', `${url}/staff/${rejectedNurse.userId}/licence/verification`, {
      decision: 'rejected',
    });
    const rejected = () =>
      tenantTransaction(db, tenant.id, (tx) =>
        assertClinicalClearance(tx, {
          tenantId: tenant.id,
          userId: rejectedNurse.userId,
          now: setup.clock.now(),
        }),
      );
    expect(await outcome(rejected)).toEqual({
      code: 'forbidden',
      reasons: ['no_attestation', 'no_mfa', 'licence_rejected'],
    });
  });

  it('a nurse with an expired licence keeps patient-data clearance but has no clinical access', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const nurse = await createStaff(db, setup.keyring, tenant.id, ['nurse']);
    const admin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin']);
    const adminBrowser = await signedIn(setup, admin);
    const browser = await signedIn(setup, nurse);
    await enrolTotp(db, setup.keyring, nurse, setup.clock.now());
    const url = `/api/practices/${tenant.id}`;
    await browser.request('POST', `${url}/attestation`, { version: CURRENT_ATTESTATION_VERSION });
    await adminBrowser.request('PUT', `${url}/staff/${nurse.userId}/licence`, {
      number: 'RN-20934',
      issuingState: 'TX',
      expiresOn: '2026-11-24',
    });
    await adminBrowser.request('POST', `${url}/staff/${nurse.userId}/licence/verification`, {
      decision: 'verified',
    });
    expect((await browser.request('GET', `${url}/me/clearance`)).json()).toMatchObject({
      clinicalAccess: true,
    });

    setup.clock.advance(1 * DAY);
    const input = { tenantId: tenant.id, userId: nurse.userId, now: setup.clock.now() };
    const later = await signedIn(setup, nurse);
    expect((await later.request('GET', `${url}/me/clearance`)).json()).toEqual({
      roles: ['nurse'],
      mfa: true,
      attested: true,
      attestationVersion: CURRENT_ATTESTATION_VERSION,
      licence: 'expired',
      patientData: true,
      clinicalAccess: false,
      reasons: ['licence_expired'],
    });
    expect(
      await outcome(() =>
        tenantTransaction(db, tenant.id, (tx) => assertPatientDataClearance(tx, input)),
      ),
    ).toBe('cleared');
    expect(
      await outcome(() =>
        tenantTransaction(db, tenant.id, (tx) => assertClinicalClearance(tx, input)),
      ),
    ).toEqual({ code: 'forbidden', reasons: ['licence_expired'] });
  });
});
