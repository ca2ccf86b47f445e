/**
 * Debian's Chromium driven by playwright-core, headless and offline-friendly (no background
 * networking, component updates or sync: the CI machine has no internet). Every context is
 * watched: an uncaught page error, a Content Security Policy violation, or a page or API
 * answer without `Cache-Control: no-store` is recorded as a problem the test then fails on.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 375, height: 812 } as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HAVEN_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A context and what was seen wrong in it. */
export interface WatchedContext {
  context: BrowserContext;
  problems: string[];
  /** How many page and API answers had their Cache-Control checked. */
  checkedResponses: () => number;
}

function needsNoStore(url: URL, origin: string, resourceType: string): boolean {
  if (url.origin !== origin) return false;
  return (
    resourceType === 'document' ||
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('/fhir/')
  );
}

/** A fresh context (English, light, reduced motion) on Haven at `baseURL`, watched. */
export async function newWatchedContext(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<WatchedContext> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'en-US',
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  // Shorter than a test's minute, so a missing element fails with its own message.
  context.setDefaultTimeout(15_000);
  const origin = new URL(baseURL).origin;
  const problems: string[] = [];
  let checked = 0;
  context.on('weberror', (error) => {
    problems.push(`uncaught error in the page: ${error.error().message}`);
  });
  context.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) {
      const { url, lineNumber, columnNumber } = message.location();
      const where = url ? ` (from ${url}:${lineNumber}:${columnNumber})` : '';
      problems.push(`CSP violation on ${message.page()?.url() ?? '?'}${where}: ${message.text()}`);
    }
  });
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (response.status() === 304) return;
    if (!needsNoStore(url, origin, response.request().resourceType())) return;
    checked += 1;
    const cacheControl = response.headers()['cache-control'] ?? '';
    if (!/\bno-store\b/.test(cacheControl)) {
      problems.push(
        `${response.request().method()} ${url.pathname} answered Cache-Control "${cacheControl}", not no-store`,
      );
    }
  });
  return { context, problems, checkedResponses: () => checked };
}

/** Waits until the page's lazy route has rendered its one h1. */
export async function waitForHeading(page: Page, name?: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, ...(name ? { name } : {}) }).waitFor();
}

/** The footer link to the privacy notice every page carries. */
export function privacyNoticeLink(page: Page) {
  return page.locator('footer').getByRole('link', { name: 'Privacy notice' });
}

/**
 * A form field by its label's exact words; a required field's label ends in " *" (which
 * Mantine hides from screen readers), so that is allowed after the words.
 */
export function field(page: Page | Locator, label: string) {
  const words = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${words}(\\s*\\*)?$`));
}

/**
 * Lets the page come to rest before it is judged: the pointer moved off any control (a hover
 * colour is not the page's own) and no CSS transition or animation still running.
 */
export async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  // Finite ones only: a spinner runs for ever, and then five seconds is enough.
  await page
    .waitForFunction(
      () => document.getAnimations().every((animation) => animation.playState !== 'running'),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}
