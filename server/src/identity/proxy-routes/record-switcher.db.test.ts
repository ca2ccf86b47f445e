import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { TestBrowser } from '../../../test/identity-fixtures.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { DEFAULT_TEEN_EXCLUDED_CATEGORIES } from '../proxies/index.js';
import { actingContext } from './acting-context.js';
import {
  bornYearsAgo,
  family,
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

const DAY = 86_400_000;

describe('the record switcher', () => {
  it('unauthenticated is refused', async () => {
    const { app, practice, child } = await family(db, keyring);
    const browser = new TestBrowser(app);
    const tenantId = practice.id;
    const calls: [method: 'GET' | 'POST', url: string, body?: unknown][] = [
      ['GET', '/api/me/records'],
      ['POST', '/api/me/acting-as', { self: true }],
      ['POST', '/api/me/acting-as', { tenantId, patientId: child }],
      ['GET', `/api/me/proxies?tenantId=${tenantId}`],
      [
        'POST',
        '/api/me/proxies',
        { tenantId, proxyEmail: 'a@example.org', relationship: 'caregiver', scopes: ['read'] },
      ],
      ['POST', `/api/me/proxies/${randomUUID()}/revoke`],
      [
        'POST',
        `/api/practices/${tenantId}/patients/${child}/guardians`,
        { guardianEmail: 'a@example.org', relationship: 'parent' },
      ],
      [
        'POST',
        `/api/practices/${tenantId}/patients/${child}/guardian-consent`,
        { guardianUserId: randomUUID(), method: 'in_person' },
      ],
    ];
    for (const [method, url, body] of calls) {
      const res = await browser.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('a guardian of a 10-year-old and a 15-year-old sees both; the teen’s entry hides the confidential categories', async () => {
    const { app, deps, practice, parent, child, teen, recordGuardian } = await family(db, keyring);
    expect((await recordGuardian(child)).statusCode).toBe(201);
    const teenGrant = await recordGuardian(teen);
    expect(teenGrant.statusCode).toBe(201);
    expect(teenGrant.json()).toMatchObject({
      patientId: teen,
      proxyUserId: parent.userId,
      basis: 'guardian_of_minor',
      status: 'active',
    });

    const browser = await signedInBrowser(app, deps, parent.userId);
    const records = await browser.request('GET', '/api/me/records');
    expect(records.statusCode).toBe(200);
    const body = records.json<{ current: unknown; own: unknown[]; proxied: unknown[] }>();
    expect(body.current).toBeNull();
    expect(body.own).toEqual([]);
    expect(body.proxied).toHaveLength(2);
    expect(body.proxied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          tenantId: practice.id,
          practiceName: practice.name,
          patientId: child,
          displayName: 'Milo Reyes',
          relationship: 'parent',
          scopes: ['read', 'messaging', 'appointments', 'billing'],
          excludedCategories: [],
          expiresAt: null,
        }),
        expect.objectContaining({
          patientId: teen,
          displayName: 'Ana Reyes',
          excludedCategories: [...DEFAULT_TEEN_EXCLUDED_CATEGORIES],
        }),
      ]),
    );
    const teenEntry = body.proxied.find((p) => (p as { patientId: string }).patientId === teen);
    expect((teenEntry as { excludedCategories: string[] }).excludedCategories).toEqual(
      expect.arrayContaining(['PSY', 'SEX']),
    );

    const switched = await browser.request('POST', '/api/me/acting-as', {
      tenantId: practice.id,
      patientId: teen,
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({
      self: false,
      patientId: teen,
      displayName: 'Ana Reyes',
    });
    const current = (await browser.request('GET', '/api/me/records')).json<{ current: unknown }>();
    expect(current.current).toEqual({
      tenantId: practice.id,
      patientId: teen,
      self: false,
      displayName: 'Ana Reyes',
    });
    const context = await actingContext(deps, await sessionOf(deps, browser));
    expect(context).toMatchObject({
      tenantId: practice.id,
      patientId: teen,
      onBehalfOf: parent.userId,
      excludedCategories: [...DEFAULT_TEEN_EXCLUDED_CATEGORIES],
    });

    const back = await browser.request('POST', '/api/me/acting-as', { self: true });
    expect(back.json()).toMatchObject({ self: true, tenantId: null, displayName: 'Test Person' });
    expect(await actingContext(deps, await sessionOf(deps, browser))).toBeUndefined();
  });

  it('switching to a record not held is not found', async () => {
    const { app, deps, practice, parent, child, teen, recordGuardian } = await family(db, keyring);
    await recordGuardian(child);
    const browser = await signedInBrowser(app, deps, parent.userId);
    for (const target of [
      { tenantId: practice.id, patientId: teen }, // a real patient, no grant
      { tenantId: practice.id, patientId: randomUUID() },
      { tenantId: randomUUID(), patientId: child },
    ]) {
      const res = await browser.request('POST', '/api/me/acting-as', target);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    const malformed = await browser.request('POST', '/api/me/acting-as', { self: false });
    expect(malformed.statusCode).toBe(400);
  });

  it('another practice’s patient is not found', async () => {
    const { app, deps, practice, parent, deskBrowser, recordGuardian } = await family(db, keyring);
    const other = await createTestTenant(db);
    const elsewhere = await storePatient(db, keyring, other.id, {
      given: 'Lea',
      family: 'Moreau',
      birthDate: bornYearsAgo(9),
    });
    // Through this practice's address, the other practice's patient does not exist here.
    expect((await recordGuardian(elsewhere)).statusCode).toBe(404);
    // Through the other practice's address, this desk is not its staff.
    const direct = await deskBrowser.request(
      'POST',
      `/api/practices/${other.id}/patients/${elsewhere}/guardians`,
      { guardianEmail: parent.email, relationship: 'parent' },
    );
    expect(direct.statusCode).toBe(404);
    const consent = await deskBrowser.request(
      'POST',
      `/api/practices/${other.id}/patients/${elsewhere}/guardian-consent`,
      { guardianUserId: parent.userId, method: 'in_person' },
    );
    expect(consent.statusCode).toBe(404);
    const browser = await signedInBrowser(app, deps, parent.userId);
    for (const tenantId of [practice.id, other.id]) {
      const res = await browser.request('POST', '/api/me/acting-as', {
        tenantId,
        patientId: elsewhere,
      });
      expect(res.statusCode).toBe(404);
    }
  });

  it('at 18 the guardian grant ends', async () => {
    const { app, clock, deps, practice, parent, desk, recordGuardian } = await family(db, keyring);
    // 18 tomorrow.
    const tomorrow = new Date(clock.now().getTime() + DAY);
    const birthDate = `${tomorrow.getUTCFullYear() - 18}-${tomorrow.toISOString().slice(5, 10)}`;
    const almostAdult = await storePatient(db, keyring, practice.id, {
      given: 'Noor',
      family: 'Reyes',
      birthDate,
    });
    expect((await recordGuardian(almostAdult)).statusCode).toBe(201);
    const browser = await signedInBrowser(app, deps, parent.userId);
    const target = { tenantId: practice.id, patientId: almostAdult };
    expect((await browser.request('POST', '/api/me/acting-as', target)).statusCode).toBe(200);

    clock.advance(2 * DAY);
    const later = await signedInBrowser(app, deps, parent.userId);
    const records = (await later.request('GET', '/api/me/records')).json<{ proxied: unknown[] }>();
    expect(records.proxied).toEqual([]);
    expect((await later.request('POST', '/api/me/acting-as', target)).statusCode).toBe(404);
    // The old session still names the record, but the check on the next request refuses it.
    const stale = {
      ...(await sessionOf(deps, later)),
      actingTenantId: practice.id,
      actingPatientId: almostAdult,
    };
    expect(await actingContext(deps, stale)).toBeUndefined();
    // Staff cannot record a guardian for an adult: adults choose their own proxies.
    const deskLater = await signedInBrowser(app, deps, desk.userId);
    const adultGuardian = await deskLater.request(
      'POST',
      `/api/practices/${practice.id}/patients/${almostAdult}/guardians`,
      { guardianEmail: parent.email, relationship: 'parent' },
    );
    expect(adultGuardian.statusCode).toBe(422);
  });
});
