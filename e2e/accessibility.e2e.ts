/**
 * WCAG 2.1 AA and ONC (d)(7) on every page: each page, at 1280 px and at 375 px, has no
 * serious or critical axe-core finding, nothing stored in the browser, a footer link to the
 * privacy notice, and (on the phone) no sideways scrolling. Portal pages are visited as the
 * demo patient, console pages as the staff member whose role uses them. All problems of a
 * sweep are collected and reported together.
 */
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { expectNoAxeViolations } from './harness/axe.js';
import { DESKTOP, PHONE, privacyNoticeLink, settle, waitForHeading } from './harness/browser.js';
import {
  CONSOLE_PAGES,
  PORTAL_PAGES,
  PUBLIC_PAGES,
  pathOf,
  type AppPage,
} from './harness/pages.js';
import { mainText } from './harness/navigation.js';
import { switchRecord } from './harness/portal.js';
import { enterPassword, signInPatient, signInStaff } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();
const SWEEP_TIMEOUT = 180_000;

async function checkPage(page: Page, label: string, phone: boolean): Promise<string[]> {
  const problems: string[] = [];
  await settle(page);
  const attempt = async (check: () => Promise<void>) => {
    try {
      await check();
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  };
  await attempt(() => expectNoAxeViolations(page, label));
  await attempt(() => noStoredHealthData(page));
  await attempt(async () => {
    if ((await privacyNoticeLink(page).count()) !== 1) {
      throw new Error(`${label}: no footer link "Privacy notice"`);
    }
  });
  if (phone) {
    await attempt(async () => {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      if (overflow > 1) throw new Error(`${label}: the page scrolls sideways by ${overflow} px`);
    });
  }
  return problems;
}

/** Visits `pages` at both widths in `page`'s session; throws with every problem found. */
async function sweep(page: Page, pages: AppPage[]): Promise<void> {
  const problems: string[] = [];
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    for (const appPage of pages) {
      const label = `${appPage.name} at ${viewport.width} px`;
      try {
        await page.goto(pathOf(appPage, suite.facts));
        await waitForHeading(page, appPage.heading);
        await mainText(page);
        await appPage.prepare?.(page);
        await mainText(page);
      } catch (error) {
        problems.push(`${label}: did not load (${String(error)})`);
        continue;
      }
      problems.push(...(await checkPage(page, label, viewport === PHONE)));
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n\n'));
}

describe('accessibility and no data on the device, every page at 1280 and 375 px', () => {
  it('public pages', { timeout: SWEEP_TIMEOUT }, async () => {
    await sweep(await suite.newPage(), PUBLIC_PAGES);
  });

  it('the second sign-in step', { timeout: SWEEP_TIMEOUT }, async () => {
    const problems: string[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await suite.newPage(viewport);
      await enterPassword(page, 'nurse@demo.haven.test', 'haven-demo-staff');
      await waitForHeading(page, 'Confirm it is you');
      problems.push(
        ...(await checkPage(page, `second step at ${viewport.width} px`, viewport === PHONE)),
      );
    }
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  });

  it('portal pages as the demo patient', { timeout: SWEEP_TIMEOUT }, async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await sweep(page, PORTAL_PAGES);
  });

  it(
    "portal pages as a guardian viewing a teenager's record",
    { timeout: SWEEP_TIMEOUT },
    async () => {
      const page = await suite.newPage();
      await signInPatient(page, 'guardian@demo.haven.test');
      await switchRecord(page, new RegExp(`^${suite.facts.teen.fullName}`));
      await sweep(
        page,
        PORTAL_PAGES.filter((p) =>
          ['portal-home', 'portal-results', 'portal-proxies'].includes(p.name),
        ),
      );
    },
  );

  const staff = [...new Set(CONSOLE_PAGES.map((p) => p.staff))];
  it.each(staff)('console pages as %s', { timeout: SWEEP_TIMEOUT }, async (email) => {
    const page = await suite.newPage();
    await signInStaff(page, email);
    await sweep(
      page,
      CONSOLE_PAGES.filter((p) => p.staff === email),
    );
  });
});
