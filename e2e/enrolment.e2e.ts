/**
 * Enrolment with an activation code, then TOTP: the front desk creates a code in the console
 * for a patient who has no account, the patient makes the account at /enrol, adds an
 * authenticator app on /security (reading the setup key off the page, as they would type it
 * into an app), signs out, and signs in again with password and a code from that app.
 */
import { describe, expect, it } from 'vitest';
import { field, waitForHeading } from './harness/browser.js';
import { createActivationCode } from './harness/console.js';
import { signInStaff, signInWithTotp } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';
import { freshTotpCode } from './harness/totp.js';

const suite = useHavenSuite();
const PASSWORD = 'violet-harbour-lantern-1942';

describe('enrolment', () => {
  it('activates an account with a code, adds an authenticator app, then signs in with it', async () => {
    const patient = suite.facts.withoutAccount[0];
    if (!patient) throw new Error('no demo patient without an account');
    const email = `${patient.givenName.toLowerCase()}.e2e@example.org`;

    const desk = await suite.newPage();
    await signInStaff(desk, 'frontdesk@demo.haven.test');
    const code = await createActivationCode(desk, patient);

    const page = await suite.newPage();
    await page.goto('/enrol');
    await waitForHeading(page, 'Activate your account');
    await field(page, 'Activation code').fill(code);
    await field(page, 'Date of birth').fill(patient.birthDate);
    await field(page, 'Email').fill(email);
    await field(page, 'Password').fill(PASSWORD);
    await field(page, 'Type the password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Activate my account' }).click();
    await waitForHeading(page, 'Your account is ready');
    await page.getByRole('status').filter({ hasText: 'You are signed in.' }).waitFor();

    // The page leads to the authenticator app setup on /security.
    await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
    await page.waitForURL((url) => url.pathname === '/security');
    await waitForHeading(page, 'Account security');
    const totp = page.locator('#authenticator-app');
    await totp.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const key = await totp.getByRole('group', { name: 'Setup key' }).innerText();
    const secret = key.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await field(totp, 'Code from your app').fill(await freshTotpCode(secret));
    await totp.getByRole('button', { name: 'Finish setup' }).click();
    await totp
      .getByRole('status')
      .filter({ hasText: 'Your authenticator app is set up.' })
      .waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/signed-out');
    await noStoredHealthData(page);

    await signInWithTotp(page, email, PASSWORD, secret);
    await expect
      .poll(() => page.getByTestId('whose-record').innerText())
      .toContain('You are viewing your record');
  });
});
