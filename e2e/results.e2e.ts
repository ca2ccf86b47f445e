/**
 * USE-1: the demo adult patient reads their results: values with unit, reference range and
 * flag in a table with header cells, lab reports with their text, and a trend chart for a
 * test done more than once that also opens as a table of the same numbers.
 */
import { describe, expect, it } from 'vitest';
import { followNavLink, mainText } from './harness/navigation.js';
import { whoseRecord } from './harness/portal.js';
import { signInPatient } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('results', () => {
  it('shows results with ranges and flags, lab reports, and a trend chart', async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await expect.poll(() => whoseRecord(page).innerText()).toContain('You are viewing your record');
    await followNavLink(page, 'Results');
    const text = await mainText(page);

    // Every result with its value, unit, range and flag, under real column headers.
    for (const header of ['Test', 'Value', 'Unit', 'Reference range', 'Flag']) {
      await page.getByRole('columnheader', { name: header, exact: true }).first().waitFor();
    }
    expect(text).toMatch(/cholesterol/i);
    expect(text).toContain('Lipid panel');

    // A trend chart, described in words, whose numbers also open as a table.
    const charts = page.getByRole('img', { name: /^Trend chart of / });
    await charts.first().waitFor();
    expect(await charts.count()).toBeGreaterThan(0);
    const figure = page
      .getByRole('figure')
      .filter({ has: page.getByRole('img', { name: /^Trend chart of [^:]*cholesterol/i }) })
      .first();
    const described = (await figure.getByRole('img').getAttribute('aria-label')) ?? '';
    expect(described).toMatch(/\d+ results from .+ to .+\./);
    await figure.getByRole('button', { name: /^Show .* as a table$/ }).click();
    const table = figure.getByRole('table');
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);

    await noStoredHealthData(page);
    expect(suite.checkedResponses()).toBeGreaterThan(0);
  });
});
