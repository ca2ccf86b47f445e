/**
 * ONC 170.315(d)(5): a signed-in page left idle warns a minute before the limit (and "Stay
 * signed in" keeps the session), then signs out and says why. Playwright's clock stands in for
 * the minutes passing.
 */
import { describe, expect, it } from 'vitest';
import { waitForHeading } from './harness/browser.js';
import { signInPatient } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('idle time-out', () => {
  it('warns before the limit, can be kept alive, then signs out and says why', async () => {
    const page = await suite.newPage();
    await page.clock.install();
    await signInPatient(page, 'patient@demo.haven.test');
    const session = (await (await page.request.get('/api/auth/session')).json()) as {
      signedIn: boolean;
      idleTimeoutSeconds: number;
    };
    expect(session.signedIn).toBe(true);
    const limitMs = session.idleTimeoutSeconds * 1000;
    const warning = page.getByRole('dialog', { name: 'Are you still there?' });

    // Thirty seconds before the limit: the warning, counting down.
    await page.clock.fastForward(limitMs - 30_000);
    await warning.waitFor();
    await expect
      .poll(() => warning.getByRole('timer').innerText())
      .toMatch(/signed out in \d+ seconds/);

    // "Stay signed in" starts the idle clock again.
    await warning.getByRole('button', { name: 'Stay signed in' }).click();
    await warning.waitFor({ state: 'hidden' });
    await page.clock.fastForward(limitMs - 90_000);
    await page.clock.runFor(2_000);
    expect(await warning.isVisible()).toBe(false);

    // Left alone past the limit: signed out, told why, nothing left behind.
    await page.clock.fastForward(58_000);
    await warning.waitFor();
    await page.clock.fastForward(31_000);
    await page.waitForURL((url) => url.pathname === '/signed-out');
    await waitForHeading(page, 'You are signed out');
    await expect
      .poll(() => page.getByRole('main').innerText())
      .toContain('You were signed out because the page was left idle');
    const after = (await (await page.request.get('/api/auth/session')).json()) as {
      signedIn: boolean;
    };
    expect(after.signedIn).toBe(false);
    await noStoredHealthData(page);
  });
});
