import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { appendInTransaction } from './index.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { clearedStaffBrowser, createTestUser, TestBrowser } from '../../test/identity-fixtures.js';
import { birthDateForAge, createTestPatient } from '../../test/patient-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

describe('reading the audit log', () => {
  it('a privacy officer searches, sorts and exports the practice’s log; others cannot', async () => {
    const clock = new TestClock();
    const { app } = await buildTestApp(db, { clock });
    const practice = await createTestTenant(db);
    const nurse = await createTestUser(db, keyring, {
      staff: { tenantId: practice.id, role: 'nurse' },
    });
    const nurseBrowser = new TestBrowser(app);
    await nurseBrowser.request('POST', '/api/auth/sign-in', {
      email: nurse.email,
      password: 'not-the-right-one',
    });
    await nurseBrowser.signIn(nurse);
    const { browser: officer } = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      practice.id,
      'privacy_officer',
    );
    const url = `/api/practices/${practice.id}/audit`;

    const failed = await officer.request(
      'GET',
      `${url}?action=sign_in_failed&userId=${nurse.userId}`,
    );
    expect(failed.statusCode).toBe(200);
    expect(failed.json<{ rows: { action: string; reasonCode: string }[] }>().rows).toEqual([
      expect.objectContaining({
        action: 'sign_in_failed',
        reasonCode: 'bad_credentials',
      }) as unknown,
    ]);
    const sorted = (
      await officer.request('GET', `${url}?sortBy=action&sortDir=asc&limit=50`)
    ).json<{ rows: { action: string }[] }>().rows;
    expect(sorted.map((r) => r.action)).toEqual([...sorted.map((r) => r.action)].sort());

    const csv = await officer.request('GET', `${url}?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('audit-log.csv');
    expect(csv.body.split('\r\n')[0]).toContain('action');
    const exports = (await officer.request('GET', `${url}?action=export`)).json<{
      rows: { dataCategory: string }[];
    }>().rows;
    expect(exports).toEqual([expect.objectContaining({ dataCategory: 'audit_log' }) as unknown]);

    expect((await nurseBrowser.request('GET', url)).statusCode).toBe(403);
    expect((await new TestBrowser(app).request('GET', url)).statusCode).toBe(401);
    const other = await createTestTenant(db);
    expect((await officer.request('GET', `/api/practices/${other.id}/audit`)).statusCode).toBe(404);
    expect((await officer.request('GET', `${url}?sortBy=password`)).statusCode).toBe(400);
  });

  it('a patient sees who accessed their record, with names and roles, break-the-glass flagged, their own access left out', async () => {
    const clock = new TestClock();
    const { app } = await buildTestApp(db, { clock });
    const practice = await createTestTenant(db);
    const patient = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(52),
    });
    const person = await createTestUser(db, keyring);
    await db.unsafeKysely
      .insertInto('patient_account')
      .values({
        tenant_id: practice.id,
        user_id: person.userId,
        patient_id: patient.id,
        status: 'active',
      })
      .execute();
    const clinician = await createTestUser(db, keyring, {
      staff: { tenantId: practice.id, role: 'clinician' },
    });
    const stranger = await createTestUser(db, keyring, {
      staff: { tenantId: practice.id, role: 'nurse' },
    });
    const entry = (actor: string, extra: object) => ({
      tenantId: practice.id,
      patientId: patient.id,
      actorUserId: actor,
      action: 'read' as const,
      outcome: 'allowed' as const,
      dataCategory: 'Observation',
      ...extra,
    });
    await tenantTransaction(db, practice.id, (tx) =>
      appendInTransaction(tx, [entry(clinician.userId, { purposeOfUse: 'TREAT' })]),
    );
    await tenantTransaction(db, practice.id, (tx) =>
      appendInTransaction(tx, [entry(person.userId, {})]),
    );
    await tenantTransaction(db, practice.id, (tx) =>
      appendInTransaction(tx, [
        entry(stranger.userId, { purposeOfUse: 'ETREAT', breakGlass: true }),
      ]),
    );

    const browser = new TestBrowser(app);
    await browser.signIn(person);
    const res = await browser.request('GET', '/api/me/record/accesses');
    expect(res.statusCode).toBe(200);
    const accesses = res.json<{
      accesses: { who: string; roles: string[]; why: string; breakGlass: boolean }[];
    }>().accesses;
    expect(accesses).toHaveLength(2);
    expect(accesses.map((a) => [a.roles, a.why, a.breakGlass]).sort()).toEqual([
      [['clinician'], 'TREAT', false],
      [['nurse'], 'ETREAT', true],
    ]);
    expect(accesses.every((a) => a.who === 'Test Person')).toBe(true);

    const noRecord = new TestBrowser(app);
    await noRecord.signIn(await createTestUser(db, keyring));
    expect((await noRecord.request('GET', '/api/me/record/accesses')).statusCode).toBe(404);
  });
});
