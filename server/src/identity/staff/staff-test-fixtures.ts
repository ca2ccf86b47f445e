/**
 * Helpers for this folder's tests: the app with the staff routes registered, signed-in
 * browsers, and TOTP enrolment. Test-only; nothing in the service imports it.
 */
import { expect } from 'vitest';
import { platformScope, type Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import type { HavenApp } from '../../app/build-app.js';
import { AppError } from '../../errors/app-error.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { testKeyring } from '../../../test/test-database.js';
import { createTestUser, TestBrowser, type TestUser } from '../../../test/identity-fixtures.js';
import { confirmTotpEnrolment, startTotpEnrolment, totpCodeAt } from '../mfa/index.js';
import type { StaffRole } from '../roles.js';

export interface StaffTestApp {
  app: HavenApp;
  clock: TestClock;
  keyring: Keyring;
}

/** The real app (every identity route, staff routes included) on a test clock. */
export async function staffTestApp(
  db: HavenDatabase,
  clock = new TestClock(new Date('2026-11-24T15:00:00Z')),
): Promise<StaffTestApp> {
  const keyring = testKeyring(db);
  const { app } = await buildTestApp(db, { clock });
  return { app, clock, keyring };
}

/** A person with an account and, optionally, roles in a practice. */
export interface StaffUser extends TestUser {
  /** Their TOTP secret once enrolled (they then need a code to sign in). */
  totpSecret?: string;
}

/** Creates an account holding `roles` in the practice. */
export async function createStaff(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  roles: readonly StaffRole[] = [],
): Promise<StaffUser> {
  const [first, ...rest] = roles;
  const user = await createTestUser(db, keyring, first ? { staff: { tenantId, role: first } } : {});
  if (rest.length > 0) {
    await systemTransaction(db, (tx) =>
      tx
        .insertInto('practice_membership')
        .values(rest.map((role) => ({ tenant_id: tenantId, user_id: user.userId, role })))
        .execute(),
    );
  }
  return user;
}

/** Enrols and confirms an authenticator app (a strong second factor) for the user. */
export async function enrolTotp(
  db: HavenDatabase,
  keyring: Keyring,
  user: StaffUser,
  now: Date,
): Promise<void> {
  const key = await keyring.dataKey(platformScope());
  const enrolment = await systemTransaction(db, (tx) =>
    startTotpEnrolment(tx, key, user.userId, { issuer: 'Haven', accountLabel: user.email }),
  );
  const confirmed = await systemTransaction(db, (tx) =>
    confirmTotpEnrolment(tx, key, user.userId, totpCodeAt(enrolment.secretBase32, now), now),
  );
  expect(confirmed).toBe(true);
  user.totpSecret = enrolment.secretBase32;
}

/** A browser signed in as `user` (with a TOTP code at the clock's time, if they enrolled one). */
export async function signedIn(
  { app, clock }: StaffTestApp,
  user: StaffUser,
): Promise<TestBrowser> {
  const browser = new TestBrowser(app);
  const res = await browser.signIn(user);
  expect(res.statusCode).toBe(200);
  if (res.json<{ stage: string }>().stage === 'mfa') {
    if (!user.totpSecret) throw new Error('This account needs a second factor the test lacks');
    const code = totpCodeAt(user.totpSecret, clock.now());
    const second = await browser.request('POST', '/api/auth/second-factor', {
      method: 'totp',
      code,
    });
    expect(second.statusCode).toBe(200);
  }
  return browser;
}

/** What a clearance check threw, as { code, reasons }, or 'cleared'. */
export async function outcome(check: () => Promise<unknown>) {
  try {
    await check();
    return 'cleared';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, reasons: error.issues.map((i) => i.message) };
  }
}
