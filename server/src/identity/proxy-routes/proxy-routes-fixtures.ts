/**
 * Helpers for this folder's HTTP tests: the app with the proxy routes, people with dates of
 * birth, stored Patient resources, patient accounts, and browsers holding a signed-in session.
 * Test-only; nothing in the service imports it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { platformScope, type Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import { keysForResources, systemInsertResources } from '../../records/system-record-writer.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { TestBrowser } from '../../../test/identity-fixtures.js';
import { createTestTenant, testKeyring } from '../../../test/test-database.js';
import type { HavenApp } from '../../app/build-app.js';
import { createAccount } from '../accounts/accounts.js';
import type { PatientAccountStatus } from '../identity-tables.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { StaffRole } from '../roles.js';
import { confirmTotpEnrolment, startTotpEnrolment, totpCodeAt } from '../mfa/index.js';
import { CURRENT_ATTESTATION_VERSION } from '../staff/index.js';
import { createSession, findLiveSession, type Session } from '../sessions/session-store.js';
import { deriveCsrfKey } from '../sessions/tokens.js';

/** Where the tests' clock starts: mid-June, so a birthday in January has passed this year. */
export const START = new Date('2026-06-15T12:00:00Z');

/** A date of birth that makes someone `years` old at START (birthday on 10 January). */
export function bornYearsAgo(years: number): string {
  return `${START.getUTCFullYear() - years}-01-10`;
}

/** The app (with every identity route) on a test clock, and the deps its services use. */
export async function proxyTestApp(
  db: HavenDatabase,
): Promise<{ app: HavenApp; clock: TestClock; deps: IdentityDeps }> {
  const clock = new TestClock(new Date(START));
  const deps: IdentityDeps = {
    db,
    keyring: testKeyring(db),
    publicUrl: 'http://127.0.0.1:8080',
    now: clock.now,
  };
  const { app } = await buildTestApp(db, { clock });
  return { app, clock, deps };
}

/** A person's account, optionally with a date of birth and a staff role in a practice. */
export async function createPerson(
  db: HavenDatabase,
  keyring: Keyring,
  options: {
    name?: string;
    dateOfBirth?: string;
    staff?: { tenantId: string; role: StaffRole };
  } = {},
): Promise<{ userId: string; email: string }> {
  const email = `person-${randomBytes(5).toString('hex')}@example.org`;
  const key = await keyring.dataKey(platformScope());
  const userId = await systemTransaction(db, async (tx) => {
    const id = await createAccount(tx, key, {
      email,
      displayName: options.name ?? 'Test Person',
      passwordHash: 'not-a-real-hash',
      ...(options.dateOfBirth ? { dateOfBirth: options.dateOfBirth } : {}),
    });
    if (options.staff) {
      await tx
        .insertInto('practice_membership')
        .values({ tenant_id: options.staff.tenantId, user_id: id, role: options.staff.role })
        .execute();
      // Staff here are cleared for patient data: strong MFA enrolled, attestation signed.
      const now = new Date();
      const totp = await startTotpEnrolment(tx, key, id, { issuer: 'Haven', accountLabel: email });
      await confirmTotpEnrolment(tx, key, id, totpCodeAt(totp.secretBase32, now), now);
      await tx
        .insertInto('confidentiality_attestation')
        .values({
          tenant_id: options.staff.tenantId,
          user_id: id,
          version: CURRENT_ATTESTATION_VERSION,
        })
        .execute();
    }
    return id;
  });
  return { userId, email };
}

/** Stores a Patient resource (version 1, sealed with the patient's key); returns its id. */
export async function storePatient(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  input: { given: string; family: string; birthDate?: string },
): Promise<string> {
  const patient: Patient = {
    resourceType: 'Patient',
    id: randomUUID(),
    name: [{ use: 'official', given: [input.given], family: input.family }],
    ...(input.birthDate ? { birthDate: input.birthDate } : {}),
  };
  const keys = await keysForResources(keyring, tenantId, [patient]);
  await systemTransaction(db, (tx) => systemInsertResources(tx, tenantId, keys, [patient], START));
  return patient.id ?? '';
}

/** Links an account to a patient in a practice (what enrolment does), with a status. */
export async function linkPatientAccount(
  db: HavenDatabase,
  input: { tenantId: string; userId: string; patientId: string; status: PatientAccountStatus },
): Promise<void> {
  await systemTransaction(db, (tx) =>
    tx
      .insertInto('patient_account')
      .values({
        tenant_id: input.tenantId,
        user_id: input.userId,
        patient_id: input.patientId,
        status: input.status,
        activated_at: input.status === 'active' ? START : null,
      })
      .execute(),
  );
}

/**
 * A browser holding a fresh signed-in session for the account, with its cookie and CSRF token.
 * The session row is the one sign-in writes; creating it directly keeps these tests off the
 * shared per-IP sign-in limit and the cost of password hashing, which sign-in tests cover.
 */
export async function signedInBrowser(
  app: HavenApp,
  deps: IdentityDeps,
  userId: string,
): Promise<TestBrowser> {
  const key = await deps.keyring.dataKey(platformScope());
  const secrets = await systemTransaction(deps.db, (tx) =>
    createSession(tx, deriveCsrfKey(key), {
      userId,
      stage: 'active',
      idleTimeoutSeconds: 30 * 60,
      now: deps.now(),
    }),
  );
  const browser = new TestBrowser(app);
  browser.cookies.set('haven_session', secrets.token);
  browser.csrfToken = secrets.csrfToken;
  return browser;
}

/** The live session behind a browser's cookie, as the auth plugin would read it now. */
export async function sessionOf(deps: IdentityDeps, browser: TestBrowser): Promise<Session> {
  const token = browser.cookies.get('haven_session') ?? '';
  const session = await systemTransaction(deps.db, (tx) => findLiveSession(tx, token, deps.now()));
  if (!session) throw new Error('the browser has no live session');
  return session;
}

/** A practice with a front-desk member, a parent, and their children aged 10 and 15. */
export async function family(db: HavenDatabase, keyring: Keyring) {
  const { app, clock, deps } = await proxyTestApp(db);
  const practice = await createTestTenant(db);
  const desk = await createPerson(db, keyring, {
    staff: { tenantId: practice.id, role: 'front_desk' },
  });
  const parent = await createPerson(db, keyring, { dateOfBirth: bornYearsAgo(40) });
  const child = await storePatient(db, keyring, practice.id, {
    given: 'Milo',
    family: 'Reyes',
    birthDate: bornYearsAgo(10),
  });
  const teen = await storePatient(db, keyring, practice.id, {
    given: 'Ana',
    family: 'Reyes',
    birthDate: bornYearsAgo(15),
  });
  const deskBrowser = await signedInBrowser(app, deps, desk.userId);
  const recordGuardian = (patientId: string, email = parent.email) =>
    deskBrowser.request('POST', `/api/practices/${practice.id}/patients/${patientId}/guardians`, {
      guardianEmail: email,
      relationship: 'parent',
    });
  return { app, clock, deps, practice, desk, deskBrowser, parent, child, teen, recordGuardian };
}
