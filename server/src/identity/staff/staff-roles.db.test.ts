import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import { tenantTransaction } from '../../db/transactions.js';
import { assertClinicalClearance, assertPatientDataClearance } from './clearance.js';
import { createStaff, outcome, signedIn, staffTestApp } from './staff-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('practice roles', () => {
  it('an administrator gives an existing account roles, in one practice or several', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const other = await createTestTenant(db);
    const admin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin']);
    const otherAdmin = await createStaff(db, setup.keyring, other.id, ['practice_admin']);
    const person = await createStaff(db, setup.keyring, tenant.id);
    const browser = await signedIn(setup, admin);
    const rolesUrl = `/api/practices/${tenant.id}/staff/${person.userId}/roles`;

    const added = await browser.request('POST', rolesUrl, { role: 'nurse' });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toEqual({ userId: person.userId, roles: ['nurse'] });
    const again = await browser.request('POST', rolesUrl, { role: 'nurse' });
    expect(again.json()).toEqual({ userId: person.userId, roles: ['nurse'] });
    await browser.request('POST', rolesUrl, { role: 'front_desk' });

    // The same account works for a second practice, with its own roles there.
    const otherBrowser = await signedIn(setup, otherAdmin);
    const there = await otherBrowser.request(
      'POST',
      `/api/practices/${other.id}/staff/${person.userId}/roles`,
      { role: 'billing' },
    );
    expect(there.json()).toEqual({ userId: person.userId, roles: ['billing'] });
    const me = await (await signedIn(setup, person)).request('GET', '/api/me');
    expect(me.json<{ memberships: unknown[] }>().memberships).toHaveLength(3);

    const removed = await browser.request('DELETE', `${rolesUrl}/front_desk`);
    expect(removed.json()).toEqual({ userId: person.userId, roles: ['nurse'] });
    expect((await browser.request('DELETE', `${rolesUrl}/front_desk`)).statusCode).toBe(404);
  });

  it('role names are checked, and platform_admin is never a practice role', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const admin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin']);
    const person = await createStaff(db, setup.keyring, tenant.id, ['nurse']);
    const browser = await signedIn(setup, admin);
    const rolesUrl = `/api/practices/${tenant.id}/staff/${person.userId}/roles`;
    for (const role of ['platform_admin', 'surgeon', '']) {
      const res = await browser.request('POST', rolesUrl, { role });
      expect(res.statusCode, role).toBe(400);
    }
    expect((await browser.request('DELETE', `${rolesUrl}/platform_admin`)).statusCode).toBe(400);
    // Roles go to existing accounts only: there is no account with this id.
    const nobody = `/api/practices/${tenant.id}/staff/00000000-0000-4000-8000-000000000002/roles`;
    expect((await browser.request('POST', nobody, { role: 'nurse' })).statusCode).toBe(404);
  });

  it('an administrator cannot remove their own last admin role', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const admin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin']);
    const colleague = await createStaff(db, setup.keyring, tenant.id, ['clinician']);
    const browser = await signedIn(setup, admin);
    const url = `/api/practices/${tenant.id}/staff`;

    const alone = await browser.request('DELETE', `${url}/${admin.userId}/roles/practice_admin`);
    expect(alone.statusCode).toBe(409);
    expect((await browser.request('GET', url)).statusCode).toBe(200);

    await browser.request('POST', `${url}/${colleague.userId}/roles`, { role: 'practice_admin' });
    const handedOver = await browser.request(
      'DELETE',
      `${url}/${admin.userId}/roles/practice_admin`,
    );
    expect(handedOver.statusCode).toBe(200);
    expect(handedOver.json()).toEqual({ userId: admin.userId, roles: [] });
    // No longer an administrator, and no longer staff: the practice's staff list is gone.
    expect((await browser.request('GET', url)).statusCode).toBe(404);
    const colleagueBrowser = await signedIn(setup, colleague);
    const last = await colleagueBrowser.request(
      'DELETE',
      `${url}/${colleague.userId}/roles/practice_admin`,
    );
    expect(last.statusCode).toBe(409);
  });

  it('someone who is not staff of the practice has no clearance there and cannot see its agreement', async () => {
    const setup = await staffTestApp(db);
    const tenant = await createTestTenant(db);
    const other = await createTestTenant(db);
    const frontDesk = await createStaff(db, setup.keyring, other.id, ['front_desk']);
    const browser = await signedIn(setup, frontDesk);
    const url = `/api/practices/${tenant.id}`;
    expect((await browser.request('GET', `${url}/me/clearance`)).statusCode).toBe(404);
    expect((await browser.request('GET', `${url}/attestation`)).statusCode).toBe(404);
    const sign = await browser.request('POST', `${url}/attestation`, { version: '2026-11' });
    expect(sign.statusCode).toBe(404);
    const input = { tenantId: tenant.id, userId: frontDesk.userId, now: setup.clock.now() };
    expect(
      await outcome(() =>
        tenantTransaction(db, tenant.id, (tx) => assertPatientDataClearance(tx, input)),
      ),
    ).toEqual({ code: 'forbidden', reasons: ['not_staff'] });
    // Front desk work is not clinical: no licence needed, and no clinical access either.
    const own = { ...input, tenantId: other.id };
    expect(
      await outcome(() =>
        tenantTransaction(db, other.id, (tx) => assertClinicalClearance(tx, own)),
      ),
    ).toEqual({ code: 'forbidden', reasons: ['not_clinical_role'] });
    expect(
      (await browser.request('GET', `/api/practices/${other.id}/me/clearance`)).json(),
    ).toMatchObject({
      licence: 'not_required',
      reasons: ['no_attestation', 'no_mfa'],
    });
  });
});
