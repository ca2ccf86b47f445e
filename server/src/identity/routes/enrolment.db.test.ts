import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import type { StaffRole } from '../roles.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import {
  clearedStaffBrowser,
  createTestUser,
  TestBrowser,
} from '../../../test/identity-fixtures.js';
import { birthDateForAge, createTestPatient } from '../../../test/patient-fixtures.js';
import type { HavenApp } from '../../app/build-app.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const PASSWORD = 'saffron-harbour-lantern-31';
let counter = 0;
const newEmail = () => `patient-${Date.now()}-${counter++}@example.org`;

async function setup() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const practice = await createTestTenant(db);
  return { app, clock, practice };
}

async function staffIn(
  app: HavenApp,
  clock: TestClock,
  tenantId: string,
  role: StaffRole = 'front_desk',
): Promise<TestBrowser> {
  return (await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, role)).browser;
}

describe('enrolment with an activation code', () => {
  it('the front desk issues a code; the patient activates with it and their date of birth, once', async () => {
    const { app, clock, practice } = await setup();
    const patient = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(40),
    });
    const desk = await staffIn(app, clock, practice.id);
    const issued = await desk.request(
      'POST',
      `/api/practices/${practice.id}/patients/${patient.id}/activation-codes`,
    );
    expect(issued.statusCode).toBe(201);
    const { code } = issued.json<{ code: string }>();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const email = newEmail();
    const visitor = new TestBrowser(app);
    const activated = await visitor.request('POST', '/api/enrol/activate', {
      code: code.toLowerCase(),
      dateOfBirth: patient.birthDate,
      email,
      password: PASSWORD,
    });
    expect(activated.statusCode).toBe(201);
    expect(activated.json()).toEqual({ status: 'active' });
    expect((await visitor.signIn({ email, password: PASSWORD })).statusCode).toBe(200);

    const reused = await new TestBrowser(app).request('POST', '/api/enrol/activate', {
      code,
      dateOfBirth: patient.birthDate,
      email: newEmail(),
      password: PASSWORD,
    });
    expect(reused.statusCode).toBe(400);
  });

  it('a reused or expired activation code is refused, and five wrong dates of birth kill a code', async () => {
    const { app, clock, practice } = await setup();
    const patient = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(33),
    });
    const desk = await staffIn(app, clock, practice.id);
    const issue = async () =>
      (
        await desk.request(
          'POST',
          `/api/practices/${practice.id}/patients/${patient.id}/activation-codes`,
        )
      ).json<{ code: string }>().code;
    const visitor = new TestBrowser(app);
    const activate = (code: string, dateOfBirth = patient.birthDate) =>
      visitor.request('POST', '/api/enrol/activate', {
        code,
        dateOfBirth,
        email: newEmail(),
        password: PASSWORD,
      });

    const guessed = await issue();
    for (let i = 0; i < 5; i++)
      expect((await activate(guessed, '1900-01-01')).statusCode).toBe(400);
    expect((await activate(guessed)).statusCode).toBe(400);

    const replaced = await issue();
    const current = await issue();
    expect((await activate(replaced)).statusCode).toBe(400);

    clock.advance(15 * 86_400_000);
    const expired = await activate(current);
    expect(expired.statusCode).toBe(400);
    expect(expired.json<{ error: { message: string } }>().error.message).toMatch(/expired/);
  });

  it('a 15-year-old’s account waits for a guardian; a 12-year-old gets no own account', async () => {
    const { app, clock, practice } = await setup();
    const desk = await staffIn(app, clock, practice.id);
    for (const [age, expected] of [
      [15, 201],
      [12, 403],
    ] as const) {
      const patient = await createTestPatient(db, keyring, practice.id, {
        birthDate: birthDateForAge(age),
      });
      const { code } = (
        await desk.request(
          'POST',
          `/api/practices/${practice.id}/patients/${patient.id}/activation-codes`,
        )
      ).json<{ code: string }>();
      const res = await new TestBrowser(app).request('POST', '/api/enrol/activate', {
        code,
        dateOfBirth: patient.birthDate,
        email: newEmail(),
        password: PASSWORD,
      });
      expect(res.statusCode).toBe(expected);
      if (age === 15) expect(res.json()).toEqual({ status: 'pending_guardian' });
      else
        expect(res.json()).toMatchObject({
          error: { message: expect.stringMatching(/under 13/) as unknown },
        });
    }
  });

  it('only staff of the practice with a front-desk role issue codes; others get 404 or 403', async () => {
    const { app, clock, practice } = await setup();
    const patient = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(50),
    });
    const url = `/api/practices/${practice.id}/patients/${patient.id}/activation-codes`;
    expect((await new TestBrowser(app).request('POST', url)).statusCode).toBe(401);
    const other = await createTestTenant(db);
    expect((await (await staffIn(app, clock, other.id)).request('POST', url)).statusCode).toBe(404);
    expect(
      (await (await staffIn(app, clock, practice.id, 'billing')).request('POST', url)).statusCode,
    ).toBe(403);
    const uncleared = await createTestUser(db, keyring, {
      staff: { tenantId: practice.id, role: 'front_desk' },
    });
    const unclearedBrowser = new TestBrowser(app);
    await unclearedBrowser.signIn(uncleared);
    const refused = await unclearedBrowser.request('POST', url);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: { issues: [{ message: 'no_attestation' }, { message: 'no_mfa' }] },
    });
    const ghost = `/api/practices/${practice.id}/patients/${other.id}/activation-codes`;
    expect((await (await staffIn(app, clock, practice.id)).request('POST', ghost)).statusCode).toBe(
      404,
    );
  });
});

describe('self sign-up', () => {
  it('a 12-year-old cannot self-register', async () => {
    const { app, practice } = await setup();
    const res = await new TestBrowser(app).request('POST', '/api/enrol/sign-up', {
      practice: practice.slug,
      givenName: 'Sam',
      familyName: 'Young',
      dateOfBirth: birthDateForAge(12),
      email: newEmail(),
      password: PASSWORD,
    });
    expect(res.statusCode).toBe(403);
    const accounts = await db.unsafeKysely
      .selectFrom('patient_account')
      .select('user_id')
      .where('tenant_id', '=', practice.id)
      .execute();
    expect(accounts).toEqual([]);
  });

  it('a sign-up sees no record until staff verify an ID and link the chart', async () => {
    const { app, clock, practice } = await setup();
    const patient = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(61),
    });
    const email = newEmail();
    const person = new TestBrowser(app);
    const signedUp = await person.request('POST', '/api/enrol/sign-up', {
      practice: practice.slug,
      givenName: 'Ada',
      familyName: 'Quill',
      dateOfBirth: patient.birthDate,
      email,
      password: PASSWORD,
    });
    expect(signedUp.json()).toEqual({ status: 'pending_identity' });
    const desk = await staffIn(app, clock, practice.id);
    const pending = (
      await desk.request('GET', `/api/practices/${practice.id}/identity-verifications`)
    ).json<{ userId: string; displayName: string }[]>();
    expect(pending).toHaveLength(1);
    expect(pending[0]?.displayName).toBe('Ada Quill');

    const wrongChart = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(30),
    });
    const mismatch = await desk.request(
      'POST',
      `/api/practices/${practice.id}/identity-verifications`,
      {
        userId: pending[0]?.userId,
        patientId: wrongChart.id,
        idType: 'drivers_license',
        lastFour: '7Q2Z',
      },
    );
    expect(mismatch.statusCode).toBe(422);
    const verified = await desk.request(
      'POST',
      `/api/practices/${practice.id}/identity-verifications`,
      {
        userId: pending[0]?.userId,
        patientId: patient.id,
        idType: 'drivers_license',
        lastFour: '7Q2Z',
      },
    );
    expect(verified.json()).toEqual({ status: 'active' });
    const row = await db.unsafeKysely
      .selectFrom('identity_verification')
      .selectAll()
      .where('user_id', '=', pending[0]?.userId ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ id_type: 'drivers_license' });
    expect(Buffer.from(row.last_four_sealed).toString('latin1')).not.toContain('7Q2Z');
    expect(
      (await desk.request('GET', `/api/practices/${practice.id}/identity-verifications`)).json(),
    ).toEqual([]);
  });
});
