/**
 * Usable by keyboard alone, readable at 200% zoom, and in the reader's language (issue 6):
 * a patient signs in and reaches their results with keys only (and the skip link works); the
 * results page reflows at 200% zoom of a 1280-pixel screen without sideways scrolling; a
 * Spanish browser gets Spanish pages and the language picker switches them.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForHeading } from './harness/browser.js';
import { DEMO_PATIENT_PASSWORD } from './harness/sign-in.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

/** What has the keyboard focus: its accessible-ish name (label, aria-label or text). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return '';
    const labelled = element.getAttribute('aria-label');
    const byId = element.id ? document.querySelector(`label[for="${element.id}"]`) : null;
    return (labelled ?? byId?.textContent ?? element.textContent ?? '').trim();
  });
}

/** Presses Tab until the focus is on something named `name` (exactly, ignoring " *"). */
async function tabTo(page: Page, name: string, most = 30): Promise<void> {
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).replace(/\s*\*$/, '') === name) return;
  }
  throw new Error(`Tab never reached "${name}" (last: "${await focused(page)}")`);
}

/** Presses Shift+Tab until the focus is on something named `name`. */
async function shiftTabTo(page: Page, name: string, most = 30): Promise<void> {
  for (let i = 0; i < most; i += 1) {
    await page.keyboard.press('Shift+Tab');
    if ((await focused(page)) === name) return;
  }
  throw new Error(`Shift+Tab never reached "${name}" (last: "${await focused(page)}")`);
}

describe('keyboard, zoom and language', () => {
  it('signs in and reaches the results with the keyboard alone, and the skip link works', async () => {
    const page = await suite.newPage();
    await page.goto('/sign-in');
    await waitForHeading(page, 'Sign in');

    // The page's heading has the focus on arrival; the skip link is the first stop before it.
    expect(await focused(page)).toBe('Sign in');
    await shiftTabTo(page, 'Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await tabTo(page, 'Email');
    await page.keyboard.type('patient@demo.haven.test');
    await tabTo(page, 'Password');
    await page.keyboard.type(DEMO_PATIENT_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/portal');
    await waitForHeading(page);

    await tabTo(page, 'Results');
    await page.keyboard.press('Enter');
    await waitForHeading(page, 'Results');
    // The new page's heading takes the focus, so a screen reader announces where one is.
    expect(await focused(page)).toBe('Results');
  });

  it('reflows the results page at 200% zoom without sideways scrolling', async () => {
    // 200% zoom of a 1280×800 screen is a 640×400 CSS-pixel viewport.
    const page = await suite.newPage({ width: 640, height: 400 });
    await page.goto('/sign-in');
    await waitForHeading(page, 'Sign in');
    await page.getByLabel(/^Email/).fill('patient@demo.haven.test');
    await page
      .getByLabel(/^Password/)
      .first()
      .fill(DEMO_PATIENT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/portal');
    await page.goto('/portal/results');
    await waitForHeading(page, 'Results');
    await page
      .getByRole('img', { name: /^Trend chart of / })
      .first()
      .waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // The navigation folds into a menu that still opens.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Who accessed my record' }).waitFor();
  });

  it('speaks Spanish to a Spanish browser, and the picker switches language', async () => {
    const context = await suite.browser.newContext({
      baseURL: suite.haven.url,
      locale: 'es-ES',
    });
    try {
      const page = await context.newPage();
      await page.goto('/sign-in');
      await waitForHeading(page, 'Iniciar sesión');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
      await page.locator('footer').getByRole('link', { name: 'Aviso de privacidad' }).waitFor();

      await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
      await waitForHeading(page, 'Sign in');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await context.close();
    }
  });
});
