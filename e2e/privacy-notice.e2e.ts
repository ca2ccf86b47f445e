/**
 * NOTICE-1: the privacy notice at /privacy shows its version and last-updated date, and every
 * page links to it from the footer ("Privacy notice").
 */
import { describe, expect, it } from 'vitest';
import { privacyNoticeLink, waitForHeading } from './harness/browser.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

interface Notice {
  version: string;
  lastUpdated: string;
}

/** The date as the page may write it: ISO, or in US English, short or long month. */
function dateForms(iso: string): string[] {
  const date = new Date(`${iso}T00:00:00Z`);
  const form = (month: 'short' | 'long') =>
    date.toLocaleDateString('en-US', { year: 'numeric', month, day: 'numeric', timeZone: 'UTC' });
  return [iso, form('short'), form('long')];
}

describe('privacy notice', () => {
  it('shows its version and last-updated date, from a footer link on a public page', async () => {
    const page = await suite.newPage();
    const answer = await page.request.get('/api/privacy-notice');
    expect(answer.headers()['cache-control']).toContain('no-store');
    const notice = (await answer.json()) as Notice;

    await page.goto('/signed-out');
    await waitForHeading(page);
    await privacyNoticeLink(page).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/privacy');
    await waitForHeading(page, 'Privacy notice');

    const main = page.getByRole('main');
    await expect.poll(() => main.innerText()).toContain(`Version ${notice.version}`);
    const text = await main.innerText();
    const updated = dateForms(notice.lastUpdated).map((date) => `Last updated ${date}`);
    expect(
      updated.some((line) => text.includes(line)),
      `one of ${updated.join(' | ')}`,
    ).toBe(true);
  });
});
