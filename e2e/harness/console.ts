/**
 * The staff console as staff use it: find a patient with the search form (name and date of
 * birth, kept in the page, never in the address bar), open their chart, give them an
 * activation code.
 */
import type { Page } from 'playwright-core';
import { field, waitForHeading } from './browser.js';
import type { DemoPerson } from './demo-facts.js';
import { followNavLink } from './navigation.js';

/** Searches the console for `person` (name and date of birth) from the Patients page. */
export async function findPatient(page: Page, person: DemoPerson): Promise<void> {
  await followNavLink(page, 'Patients', 'Find a patient');
  await field(page, 'Name').fill(person.fullName);
  await field(page, 'Date of birth').fill(person.birthDate);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const found = page.getByRole('status').filter({ hasText: /patients? found/ });
  const refused = page.getByRole('main').getByRole('alert');
  await found.or(refused).first().waitFor();
  if (await refused.isVisible()) {
    throw new Error(`the patient search failed: ${await refused.innerText()}`);
  }
}

/** Finds `person` and opens their chart from the results; waits for the chart's heading. */
export async function openChart(page: Page, person: DemoPerson): Promise<void> {
  await findPatient(page, person);
  await page.getByRole('main').getByRole('link', { name: person.fullName }).click();
  await waitForHeading(page, 'Patient chart');
  await page.getByRole('heading', { level: 2, name: person.fullName }).waitFor();
}

/** Creates an activation code for `person` from the search results; returns the code shown. */
export async function createActivationCode(page: Page, person: DemoPerson): Promise<string> {
  await findPatient(page, person);
  await page.getByRole('button', { name: `Create activation code for ${person.fullName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Activation code for ${person.fullName}` });
  await dialog.getByRole('button', { name: 'Create the code' }).click();
  const code = (await dialog.getByTestId('activation-code').innerText()).trim();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'hidden' });
  return code;
}
