/**
 * The hooks every e2e file uses: one Haven (fresh data folder, demo seeded) and one Chromium
 * for the file, a fresh watched browser context per page a test opens, and after each test
 * the contexts closed and any page error, CSP violation, cacheable answer or data left in
 * browser storage reported as a failure. A failing test leaves screenshots of its pages in
 * the temp folder.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DESKTOP, launchBrowser, newWatchedContext, type WatchedContext } from './browser.js';
import { demoFacts, type DemoFacts } from './demo-facts.js';
import { startHaven, type RunningHaven } from './haven-server.js';
import { noStoredHealthData } from './storage.js';

export interface E2eSuite {
  readonly haven: RunningHaven;
  readonly facts: DemoFacts;
  readonly browser: Browser;
  /** A page in a new, separate browser context (its own cookies: a separate person). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** How many page and API answers this test had checked for Cache-Control: no-store. */
  checkedResponses(): number;
}

const FAILURES_DIR = path.join(tmpdir(), 'haven-e2e-failures');

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} did not start (see beforeAll's error)`);
  return value;
}

export function useHavenSuite(): E2eSuite {
  let haven: RunningHaven | undefined;
  let browser: Browser | undefined;
  let facts: DemoFacts | undefined;
  const open: WatchedContext[] = [];

  beforeAll(async () => {
    const startedAt = new Date();
    [haven, browser] = await Promise.all([startHaven(), launchBrowser()]);
    facts = demoFacts(haven.output(), startedAt);
  });

  afterEach(async (context) => {
    const failed = context.task.result?.state === 'fail';
    const problems = open.flatMap((watched) => watched.problems);
    // Whatever a test did, nothing of the record may be left in the browser afterwards.
    for (const watched of open) {
      for (const page of watched.context.pages()) {
        if (!page.url().startsWith(required(haven, 'Haven').url)) continue;
        await noStoredHealthData(page).catch((error: unknown) => {
          problems.push(error instanceof Error ? error.message : String(error));
        });
      }
    }
    for (const [index, watched] of open.entries()) {
      if (failed) {
        mkdirSync(FAILURES_DIR, { recursive: true });
        const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        for (const [n, page] of watched.context.pages().entries()) {
          const file = path.join(FAILURES_DIR, `${name}-${index}-${n}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          process.stderr.write(`screenshot of ${page.url()}: ${file}\n`);
        }
      }
      await watched.context.close();
    }
    open.length = 0;
    if (problems.length > 0) {
      throw new Error(`problems seen in the browser:\n  ${problems.join('\n  ')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await haven?.stop();
  });

  return {
    get haven() {
      return required(haven, 'Haven');
    },
    get facts() {
      return required(facts, 'Haven');
    },
    get browser() {
      return required(browser, 'Chromium');
    },
    async newPage(viewport = DESKTOP) {
      const watched = await newWatchedContext(
        required(browser, 'Chromium'),
        required(haven, 'Haven').url,
        viewport,
      );
      open.push(watched);
      return watched.context.newPage();
    },
    checkedResponses() {
      return open.reduce((sum, watched) => sum + watched.checkedResponses(), 0);
    },
  };
}
