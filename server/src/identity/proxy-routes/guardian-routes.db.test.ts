import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { actingContext } from './acting-context.js';
import {
  bornYearsAgo,
  createPerson,
  family,
  linkPatientAccount,
  sessionOf,
  signedInBrowser,
} from './proxy-routes-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

describe('staff recording guardians and their consent', () => {
  it('a teen’s own account becomes active only after a guardian’s consent', async () => {
    const { app, deps, practice, parent, teen, deskBrowser, recordGuardian } = await family(
      db,
      keyring,
    );
    const teenUser = await createPerson(db, keyring, { dateOfBirth: bornYearsAgo(15) });
    await linkPatientAccount(db, {
      tenantId: practice.id,
      userId: teenUser.userId,
      patientId: teen,
      status: 'pending_guardian',
    });
    const teenBrowser = await signedInBrowser(app, deps, teenUser.userId);
    const own = { tenantId: practice.id, patientId: teen };
    const before = (await teenBrowser.request('GET', '/api/me/records')).json<{ own: unknown }>();
    expect(before.own).toEqual([
      {
        tenantId: practice.id,
        practiceName: practice.name,
        patientId: teen,
        status: 'pending_guardian',
      },
    ]);
    expect((await teenBrowser.request('POST', '/api/me/acting-as', own)).statusCode).toBe(404);

    const consentUrl = `/api/practices/${practice.id}/patients/${teen}/guardian-consent`;
    const consentBody = { guardianUserId: parent.userId, method: 'signed_form' };
    // Not yet recorded as the guardian: their consent cannot count.
    expect((await deskBrowser.request('POST', consentUrl, consentBody)).statusCode).toBe(403);
    expect((await teenBrowser.request('POST', '/api/me/acting-as', own)).statusCode).toBe(404);

    expect((await recordGuardian(teen)).statusCode).toBe(201);
    const consent = await deskBrowser.request('POST', consentUrl, consentBody);
    expect(consent.statusCode).toBe(201);
    expect(consent.json()).toMatchObject({
      guardianUserId: parent.userId,
      method: 'signed_form',
      teenAccount: { userId: teenUser.userId, status: 'active' },
    });

    const switched = await teenBrowser.request('POST', '/api/me/acting-as', own);
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({
      self: true,
      patientId: teen,
      displayName: 'Ana Reyes',
    });
    const context = await actingContext(deps, await sessionOf(deps, teenBrowser));
    expect(context).toEqual({
      tenantId: practice.id,
      patientId: teen,
      scopes: ['read', 'messaging', 'appointments', 'billing'],
      excludedCategories: [],
    });

    // The teen sees who holds access to their record, but a guardian's access is the practice's
    // to change; the parent may give it up.
    const mine = await teenBrowser.request('GET', `/api/me/proxies?tenantId=${practice.id}`);
    const [guardianGrant] = mine.json<{ id: string; proxyUserId: string }[]>();
    expect(guardianGrant?.proxyUserId).toBe(parent.userId);
    const revokeUrl = `/api/me/proxies/${guardianGrant?.id}/revoke`;
    expect((await teenBrowser.request('POST', revokeUrl)).statusCode).toBe(403);
    const parentBrowser = await signedInBrowser(app, deps, parent.userId);
    expect((await parentBrowser.request('POST', revokeUrl)).statusCode).toBe(200);
  });

  it('only front-line staff of the practice record guardians', async () => {
    const { app, deps, practice, parent, child, recordGuardian } = await family(db, keyring);
    const billing = await createPerson(db, keyring, {
      staff: { tenantId: practice.id, role: 'billing' },
    });
    const billingBrowser = await signedInBrowser(app, deps, billing.userId);
    const url = `/api/practices/${practice.id}/patients/${child}/guardians`;
    const body = { guardianEmail: parent.email, relationship: 'parent' };
    expect((await billingBrowser.request('POST', url, body)).statusCode).toBe(403);
    const stranger = await signedInBrowser(app, deps, parent.userId);
    expect((await stranger.request('POST', url, body)).statusCode).toBe(404);
    expect((await recordGuardian(child, 'nobody-here@example.org')).statusCode).toBe(404);
    expect((await recordGuardian(child)).statusCode).toBe(201);
    expect((await recordGuardian(child)).statusCode).toBe(409);
  });
});
