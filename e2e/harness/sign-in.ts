/**
 * Signing in through the real sign-in page (/sign-in): email and password, then for staff (and
 * anyone with an authenticator app) the code step. Demo staff codes come from the TOTP secrets
 * the demo seed wrote into the data folder, as `haven demo totp` reads them.
 */
import type { Page } from 'playwright-core';
import { field, waitForHeading } from './browser.js';
import { dataDirOf } from './haven-server.js';
import { demoTotpSecret, freshTotpCode } from './totp.js';

export const DEMO_PATIENT_PASSWORD = 'haven-demo-patient';
export const DEMO_STAFF_PASSWORD = 'haven-demo-staff';

/** Fills and sends the password step on /sign-in (opened here). */
export async function enterPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await waitForHeading(page, 'Sign in');
  await field(page, 'Email').fill(email);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The second step: a code from the authenticator app holding `secret`. */
export async function enterTotp(page: Page, secret: string): Promise<void> {
  await waitForHeading(page, 'Confirm it is you');
  await field(page, 'Code from your authenticator app').fill(await freshTotpCode(secret));
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
}

async function leftSignIn(page: Page, area: string): Promise<void> {
  await page.waitForURL((url) => url.pathname.startsWith(area));
  await waitForHeading(page);
}

/** A patient or proxy without a second factor; ends on their portal. */
export async function signInPatient(
  page: Page,
  email: string,
  password = DEMO_PATIENT_PASSWORD,
): Promise<void> {
  await enterPassword(page, email, password);
  await leftSignIn(page, '/portal');
}

/** Someone with an authenticator app whose secret the test holds; ends on `area`. */
export async function signInWithTotp(
  page: Page,
  email: string,
  password: string,
  secret: string,
  area = '/portal',
): Promise<void> {
  await enterPassword(page, email, password);
  await enterTotp(page, secret);
  await leftSignIn(page, area);
}

/** A demo staff member: password, then the code their authenticator would show; ends on /console. */
export async function signInStaff(page: Page, email: string): Promise<void> {
  await enterPassword(page, email, DEMO_STAFF_PASSWORD);
  const secret = demoTotpSecret(dataDirOf(page.url()), email);
  await enterTotp(page, secret);
  await leftSignIn(page, '/console');
}
