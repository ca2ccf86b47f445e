import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { chartWithRecords, joinCareTeam, verifyTestLicence } from '../gate/gate-test-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { clearedStaffBrowser, createTestUser } from '../../test/identity-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

interface ReviewRow {
  userId: string;
  roles: string[];
  careRelationships: number;
  recordAccesses: number;
  deniedAccesses: number;
  lastSignIn: string | null;
  lastRecordAccess: string | null;
  unused: boolean;
  clearanceGaps: string[];
}

describe('the access review (ACC-4)', () => {
  it('lists each staff member’s roles, reach and last use, flags the unused, and is audited', async () => {
    const clock = new TestClock();
    const { app } = await buildTestApp(db, { clock });
    const tenantId = (await createTestTenant(db)).id;
    const chart = await chartWithRecords(db, keyring, tenantId, clock.now());
    const clinician = await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, 'clinician');
    await verifyTestLicence(db, keyring, tenantId, clinician.user.userId, clock.now());
    await joinCareTeam(db, tenantId, chart.patientId, clinician.user.userId, clock.now());
    const base = `/api/practices/${tenantId}`;
    expect(
      (await clinician.browser.request('GET', `${base}/records/Observation/${chart.observationId}`))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await clinician.browser.request(
          'GET',
          `${base}/records/Condition/${chart.psychConditionId}`,
        )
      ).statusCode,
    ).toBe(404);
    const idle = await createTestUser(db, keyring, { staff: { tenantId, role: 'billing' } });
    const officer = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      tenantId,
      'privacy_officer',
    );

    expect((await clinician.browser.request('GET', `${base}/access-review`)).statusCode).toBe(403);
    const res = await officer.browser.request('GET', `${base}/access-review`);
    expect(res.statusCode).toBe(200);
    const rows = res.json<{ staff: ReviewRow[] }>().staff;
    const mine = rows.find((r) => r.userId === clinician.user.userId);
    expect(mine).toMatchObject({
      roles: ['clinician'],
      careRelationships: 1,
      recordAccesses: 1,
      deniedAccesses: 1,
      unused: false,
    });
    expect(mine?.lastSignIn).not.toBeNull();
    expect(mine?.lastRecordAccess).not.toBeNull();
    const unused = rows.find((r) => r.userId === idle.userId);
    expect(unused).toMatchObject({ roles: ['billing'], unused: true, lastSignIn: null });
    expect(unused?.clearanceGaps).toEqual(expect.arrayContaining(['no_attestation', 'no_mfa']));
    const audited = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select('actor_user_id')
        .where('data_category', '=', 'access_review')
        .execute(),
    );
    expect(audited.map((a) => a.actor_user_id)).toEqual([officer.user.userId]);
  });
});
