/**
 * The patient portal's frame: the banner that says whose record is open, and the record
 * switcher a proxy uses to open a record they hold.
 */
import type { Page } from 'playwright-core';

/** The banner's words ("You are viewing …'s record"). */
export function whoseRecord(page: Page) {
  return page.getByTestId('whose-record');
}

/** Chooses a record in "Switch record" by its option's name. */
export async function switchRecord(page: Page, optionName: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: 'Switch record' }).click();
  await page.getByRole('option', { name: optionName }).click();
}
