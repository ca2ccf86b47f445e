/**
 * `npm run screenshots`: pictures of the main pages at desktop (1280×800) and phone (375×812)
 * width, written to docs/screenshots/ with a README listing them. Starts Haven on a fresh data
 * folder with the demo practice, as a newcomer would, and signs in as the demo patient, the
 * guardian and demo staff. Needs the built web app (the npm script builds it first).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  launchBrowser,
  newWatchedContext,
  settle,
  waitForHeading,
} from './harness/browser.js';
import { demoFacts, type DemoFacts } from './harness/demo-facts.js';
import { REPO_ROOT, startHaven } from './harness/haven-server.js';
import {
  CONSOLE_PAGES,
  PORTAL_PAGES,
  PUBLIC_PAGES,
  pathOf,
  type AppPage,
} from './harness/pages.js';
import { mainText } from './harness/navigation.js';
import { switchRecord } from './harness/portal.js';
import { writeScreenshotsReadme, type Shot } from './harness/screenshots-readme.js';
import { enterPassword, signInPatient, signInStaff } from './harness/sign-in.js';

const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');
const SIZES = [
  { suffix: 'desktop', viewport: DESKTOP },
  { suffix: 'phone', viewport: PHONE },
] as const;

/** Pages that could not be photographed, with why; reported at the end. */
const failures: string[] = [];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** One signed-in (or not) browser session photographing pages at both sizes. */
async function photograph(
  browser: Browser,
  url: string,
  facts: DemoFacts,
  pages: AppPage[],
  signIn: (page: Page) => Promise<void>,
): Promise<Shot[]> {
  const watched = await newWatchedContext(browser, url);
  const page = await watched.context.newPage();
  const shots = new Map<string, Shot>();
  try {
    await signIn(page).catch(async (error: unknown) => {
      const file = path.join(tmpdir(), 'haven-screenshots-sign-in-failed.png');
      await page.screenshot({ path: file }).catch(() => undefined);
      say(`  signing in failed on ${page.url()} (see ${file})`);
      throw error;
    });
    for (const { suffix, viewport } of SIZES) {
      await page.setViewportSize(viewport);
      for (const appPage of pages) {
        const file = `${appPage.name}-${suffix}.png`;
        try {
          const target = pathOf(appPage, facts);
          if (target !== '') await page.goto(target);
          await waitForHeading(page, appPage.heading);
          await mainText(page);
          await appPage.prepare?.(page);
          await mainText(page);
          await settle(page);
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: path.join(OUT, file) });
        } catch (error) {
          failures.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
          say(`  ${file} FAILED`);
          continue;
        }
        const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
        const shot = shots.get(appPage.name) ?? { name: appPage.name, title, files: {} };
        shot.files[suffix] = file;
        shots.set(appPage.name, shot);
        say(`  ${file}`);
      }
    }
  } finally {
    if (watched.problems.length > 0) say(`  (problems seen: ${watched.problems.join('; ')})`);
    await watched.context.close();
  }
  return [...shots.values()];
}

async function main(): Promise<void> {
  if (!existsSync(path.join(REPO_ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is missing: run `npm run build:web` (npm run screenshots does)');
  }
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) {
    if (file.endsWith('.png')) rmSync(path.join(OUT, file));
  }
  say('Starting Haven with the demo practice…');
  const startedAt = new Date();
  const haven = await startHaven();
  const browser = await launchBrowser();
  try {
    const facts = demoFacts(haven.output(), startedAt);
    const none = () => Promise.resolve();
    say('Public pages');
    const publicShots = await photograph(browser, haven.url, facts, PUBLIC_PAGES, none);
    const secondStep: AppPage = {
      name: 'sign-in-second-step',
      path: '',
      heading: 'Confirm it is you',
    };
    publicShots.push(
      ...(await photograph(browser, haven.url, facts, [secondStep], (page) =>
        enterPassword(page, 'clinician@demo.haven.test', 'haven-demo-staff'),
      )),
    );
    say('Portal (patient@demo.haven.test)');
    const portalShots = await photograph(browser, haven.url, facts, PORTAL_PAGES, (page) =>
      signInPatient(page, 'patient@demo.haven.test'),
    );
    say('Portal (guardian@demo.haven.test, viewing the teenager)');
    const guardianPage: AppPage = {
      name: 'portal-guardian-teen',
      path: '/portal',
      heading: 'My record',
    };
    const guardianShots = await photograph(
      browser,
      haven.url,
      facts,
      [guardianPage],
      async (page) => {
        await signInPatient(page, 'guardian@demo.haven.test');
        await switchRecord(page, new RegExp(`^${facts.teen.fullName}`));
      },
    );
    const consoleShots: Shot[] = [];
    for (const staff of [...new Set(CONSOLE_PAGES.map((p) => p.staff))]) {
      say(`Console (${staff})`);
      const pages = CONSOLE_PAGES.filter((p) => p.staff === staff);
      consoleShots.push(
        ...(await photograph(browser, haven.url, facts, pages, (page) => signInStaff(page, staff))),
      );
    }
    await writeScreenshotsReadme(path.join(OUT, 'README.md'), [
      { heading: 'Public pages', who: 'Not signed in.', shots: publicShots },
      {
        heading: 'Patient portal',
        who: 'Signed in as the demo patient, `patient@demo.haven.test`; the last one as the demo guardian viewing the 15-year-old’s record.',
        shots: [...portalShots, ...guardianShots],
      },
      {
        heading: 'Staff console',
        who: 'Signed in as the demo staff member whose role uses each page (password and TOTP).',
        shots: consoleShots,
      },
    ]);
    say(`Wrote ${readdirSync(OUT).filter((f) => f.endsWith('.png')).length} screenshots to ${OUT}`);
    if (failures.length > 0) {
      process.stderr.write(`Could not make ${failures.length}:\n  ${failures.join('\n  ')}\n`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await haven.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
