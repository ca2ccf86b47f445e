/**
 * Moving around the web app as a person would: the area's navigation links (behind the
 * "Menu" button on a phone), and reading a page once its content, not just its frame, loaded.
 */
import type { Page } from 'playwright-core';
import { waitForHeading } from './browser.js';

/** Follows a link of the main navigation and waits for the page's heading. */
export async function followNavLink(page: Page, link: string, heading = link): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await nav.getByRole('link', { name: link, exact: true }).click();
  await waitForHeading(page, heading);
}

/** The page's main text, once nothing in it says "Loading…" any more. */
export async function mainText(page: Page): Promise<string> {
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return main !== null && !main.innerText.includes('Loading…');
  });
  return page.getByRole('main').innerText();
}
