import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction } from '../../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import { findLicence } from './licences.js';
import { createStaff, enrolTotp, signedIn, staffTestApp } from './staff-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const LICENCE = { number: 'RN-55501234', issuingState: 'OR', expiresOn: '2028-06-30' };

async function practiceWithAdmins() {
  const setup = await staffTestApp(db);
  const tenant = await createTestTenant(db);
  const admin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin', 'clinician']);
  const secondAdmin = await createStaff(db, setup.keyring, tenant.id, ['practice_admin']);
  const nurse = await createStaff(db, setup.keyring, tenant.id, ['nurse']);
  return {
    setup,
    tenant,
    admin,
    secondAdmin,
    nurse,
    url: `/api/practices/${tenant.id}`,
    adminBrowser: await signedIn(setup, admin),
    secondBrowser: await signedIn(setup, secondAdmin),
    nurseBrowser: await signedIn(setup, nurse),
  };
}

describe('practice staff administration', () => {
  it('unauthenticated is refused', async () => {
    const { setup, url, nurse } = await practiceWithAdmins();
    for (const [method, path] of [
      ['GET', '/staff'],
      ['GET', `/staff/${nurse.userId}/licence`],
      ['PUT', `/staff/${nurse.userId}/licence`],
      ['POST', `/staff/${nurse.userId}/licence/verification`],
      ['POST', `/staff/${nurse.userId}/roles`],
      ['DELETE', `/staff/${nurse.userId}/roles/nurse`],
    ] as const) {
      const res = await setup.app.inject({ method, url: `${url}${path}`, payload: {} });
      expect(res.statusCode, `${method} ${path}`).toBe(401);
    }
  });

  it('another practice’s staff list is not found, nor is this one for non-administrators', async () => {
    const { setup, url, adminBrowser, nurseBrowser, nurse } = await practiceWithAdmins();
    const other = await createTestTenant(db);
    await createStaff(db, setup.keyring, other.id, ['practice_admin']);
    expect((await adminBrowser.request('GET', `/api/practices/${other.id}/staff`)).statusCode).toBe(
      404,
    );
    const nowhere = '00000000-0000-4000-8000-000000000000';
    expect((await adminBrowser.request('GET', `/api/practices/${nowhere}/staff`)).statusCode).toBe(
      404,
    );
    expect((await nurseBrowser.request('GET', `${url}/staff`)).statusCode).toBe(404);
    const put = await nurseBrowser.request('PUT', `${url}/staff/${nurse.userId}/licence`, LICENCE);
    expect(put.statusCode).toBe(404);
    const role = await nurseBrowser.request('POST', `${url}/staff/${nurse.userId}/roles`, {
      role: 'practice_admin',
    });
    expect(role.statusCode).toBe(404);
    // A licence for someone who is not staff here is not found either.
    const stranger = await createStaff(db, setup.keyring, other.id, ['nurse']);
    const res = await adminBrowser.request(
      'PUT',
      `${url}/staff/${stranger.userId}/licence`,
      LICENCE,
    );
    expect(res.statusCode).toBe(404);
  });

  it('lists the staff with roles, licence status and attestation status', async () => {
    const { setup, url, admin, nurse, adminBrowser, nurseBrowser } = await practiceWithAdmins();
    await enrolTotp(db, setup.keyring, nurse, setup.clock.now());
    await nurseBrowser.request('POST', `${url}/attestation`, { version: '2026-11' });
    await adminBrowser.request('PUT', `${url}/staff/${nurse.userId}/licence`, LICENCE);
    const res = await adminBrowser.request('GET', `${url}/staff`);
    expect(res.statusCode).toBe(200);
    const staff = res.json<{ userId: string }[]>();
    expect(staff).toHaveLength(3);
    expect(staff.find((s) => s.userId === nurse.userId)).toEqual({
      userId: nurse.userId,
      displayName: 'Test Person',
      email: nurse.email,
      roles: ['nurse'],
      licence: {
        userId: nurse.userId,
        issuingState: 'OR',
        expiresOn: '2028-06-30',
        verification: 'unverified',
        decidedBy: null,
        decidedAt: null,
        updatedAt: setup.clock.now().toISOString(),
      },
      lastAttestation: { version: '2026-11', signedAt: setup.clock.now().toISOString() },
      clearance: expect.objectContaining({
        mfa: true,
        attested: true,
        licence: 'unverified',
        patientData: true,
        clinicalAccess: false,
      }) as unknown,
    });
    expect(staff.find((s) => s.userId === admin.userId)).toMatchObject({
      roles: ['clinician', 'practice_admin'],
      licence: null,
      lastAttestation: null,
      clearance: { reasons: ['no_attestation', 'no_mfa', 'licence_missing'] },
    });
  });

  it('changing the number resets verification; only administrators see its last 4', async () => {
    const { url, nurse, adminBrowser, secondBrowser, nurseBrowser, secondAdmin } =
      await practiceWithAdmins();
    const licenceUrl = `${url}/staff/${nurse.userId}/licence`;
    await adminBrowser.request('PUT', licenceUrl, LICENCE);
    await secondBrowser.request('POST', `${licenceUrl}/verification`, { decision: 'verified' });
    expect((await adminBrowser.request('GET', licenceUrl)).json()).toMatchObject({
      verification: 'verified',
      decidedBy: secondAdmin.userId,
      numberLastFour: '1234',
    });
    const own = await nurseBrowser.request('GET', licenceUrl);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ verification: 'verified' });
    expect(own.json()).not.toHaveProperty('numberLastFour');

    const changed = await adminBrowser.request('PUT', licenceUrl, {
      ...LICENCE,
      number: 'RN-55509876',
    });
    expect(changed.json()).toMatchObject({
      verification: 'unverified',
      decidedBy: null,
      decidedAt: null,
      numberLastFour: '9876',
    });
    expect((await nurseBrowser.request('GET', licenceUrl)).json()).toMatchObject({
      verification: 'unverified',
    });
    // Another staff member's licence is none of a nurse's business.
    const otherUrl = `${url}/staff/${secondAdmin.userId}/licence`;
    expect((await nurseBrowser.request('GET', otherUrl)).statusCode).toBe(404);
  });

  it('an admin cannot verify their own licence', async () => {
    const { url, admin, adminBrowser, secondBrowser } = await practiceWithAdmins();
    const licenceUrl = `${url}/staff/${admin.userId}/licence`;
    expect((await adminBrowser.request('PUT', licenceUrl, LICENCE)).statusCode).toBe(200);
    const self = await adminBrowser.request('POST', `${licenceUrl}/verification`, {
      decision: 'verified',
    });
    expect(self.statusCode).toBe(403);
    expect((await adminBrowser.request('GET', licenceUrl)).json()).toMatchObject({
      verification: 'unverified',
    });
    const other = await secondBrowser.request('POST', `${licenceUrl}/verification`, {
      decision: 'verified',
    });
    expect(other.statusCode).toBe(200);
    const none = `${url}/staff/${admin.userId}/licence`.replace(
      admin.userId,
      '00000000-0000-4000-8000-000000000001',
    );
    expect(
      (await secondBrowser.request('POST', `${none}/verification`, { decision: 'verified' }))
        .statusCode,
    ).toBe(404);
  });

  it('the licence number never appears in clear in the table bytes', async () => {
    const { setup, tenant, url, nurse, admin, adminBrowser } = await practiceWithAdmins();
    await adminBrowser.request('PUT', `${url}/staff/${nurse.userId}/licence`, LICENCE);
    await adminBrowser.request('PUT', `${url}/staff/${admin.userId}/licence`, LICENCE);
    const { rows } = await sql<{ row: string }>`
      select t::text as row from staff_licence t where tenant_id = ${tenant.id}
    `.execute(db.unsafeKysely);
    expect(rows).toHaveLength(2);
    const hex = Buffer.from(LICENCE.number).toString('hex');
    for (const { row } of rows) {
      expect(row).not.toContain(LICENCE.number);
      expect(row).not.toContain('55501234');
      expect(row.toLowerCase()).not.toContain(hex);
    }
    // The sealed number is bound to its holder: copied onto another row, it does not open.
    const key = await setup.keyring.dataKey(tenantScope(tenant.id));
    await db.unsafeKysely
      .updateTable('staff_licence')
      .set({
        number_sealed: db.unsafeKysely
          .selectFrom('staff_licence')
          .select('number_sealed')
          .where('tenant_id', '=', tenant.id)
          .where('user_id', '=', nurse.userId),
      })
      .where('tenant_id', '=', tenant.id)
      .where('user_id', '=', admin.userId)
      .execute();
    await expect(
      tenantTransaction(db, tenant.id, (tx) => findLicence(tx, tenant.id, admin.userId, key)),
    ).rejects.toThrow();
  });

  it('haven_app can tell whether a strong factor exists but cannot read MFA secrets', async () => {
    const { setup, tenant, nurse } = await practiceWithAdmins();
    await enrolTotp(db, setup.keyring, nurse, setup.clock.now());
    await expect(
      tenantTransaction(db, tenant.id, (tx) =>
        tx.selectFrom('mfa_totp').select('secret_sealed').execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      tenantTransaction(db, tenant.id, (tx) =>
        tx.selectFrom('mfa_passkey').select('public_key').execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
