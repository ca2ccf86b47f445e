/**
 * DATA-6, DATA-12: the demo adult fills in the practice's pre-visit questionnaire, reporting a
 * symptom and a concern; the form names what is missing before anything is stored; the
 * treating clinician then reads the answers in the chart's Questionnaires tab.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './harness/axe.js';
import { field, settle } from './harness/browser.js';
import { openChart } from './harness/console.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { switchRecord } from './harness/portal.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();
const CONCERN = 'The cough wakes me at night since I started the new tablets.';

function radio(page: Page, group: string, option: string) {
  return page.getByRole('radiogroup', { name: new RegExp(`^${group}`) }).getByLabel(option);
}

describe('questionnaires', () => {
  it('a patient reports a symptom before a visit; the clinician reads it in the chart', async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await followNavLink(page, 'Questionnaires');
    expect(await mainText(page)).toContain('No answers sent yet.');
    await page.getByRole('button', { name: 'Fill in “Before your visit”' }).click();
    const form = page.getByRole('region', { name: 'Before your visit' });
    // Focus moves from the button, now gone, to the form's title.
    await form.getByRole('heading', { name: 'Before your visit' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Before your visit',
    );

    // Nothing answered: the required questions say so, and nothing is sent.
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await form.getByText('is required').first().waitFor();
    expect(await form.getByText('is required').count()).toBe(2);
    await settle(page);
    await expectNoAxeViolations(page, 'questionnaire with errors');

    await radio(page, 'Cough', 'Yes').check();
    await radio(page, 'Fever', 'No').check();
    await field(form, 'How much pain do you have today, from 0 (none) to 10 (the worst)?').fill(
      '4',
    );
    await radio(page, 'Have your medications changed', 'Yes').check();
    await field(form, 'What would you like to talk about at this visit?').fill(CONCERN);
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Thank you. Your answers to “Before your visit” are in your record.' })
      .waitFor();
    const sent = page.getByRole('article').filter({ hasText: 'Before your visit' });
    const sentText = await sent.innerText();
    expect(sentText).toContain(CONCERN);
    expect(sentText).toMatch(/Cough\s+Yes/);
    await noStoredHealthData(page);

    const clinician = await suite.newPage();
    await signInStaff(clinician, 'clinician@demo.haven.test');
    await openChart(clinician, suite.facts.adult);
    await clinician.getByRole('tab', { name: 'Questionnaires', exact: true }).click();
    const answers = clinician.getByRole('article').filter({ hasText: 'Before your visit' });
    const text = await answers.innerText();
    expect(text).toContain(CONCERN);
    expect(text).toMatch(/Cough\s+Yes/);
    expect(text).toMatch(/Fever\s+No/);
    expect(text).toMatch(/to 10 \(the worst\)\?\s+4/);
    await settle(clinician);
    await expectNoAxeViolations(clinician, 'chart questionnaires');
  });

  it('a guardian answers for their young child, and is told so; the teenager answers for themselves', async () => {
    const { child, teen } = suite.facts;
    const page = await suite.newPage();
    await signInPatient(page, 'guardian@demo.haven.test');
    await switchRecord(page, new RegExp(`^${teen.fullName}`));
    await followNavLink(page, 'Questionnaires');
    await page.getByText('Only the patient answers these questionnaires.').waitFor();
    expect(await page.getByRole('button', { name: /^Fill in/ }).count()).toBe(0);

    await switchRecord(page, new RegExp(`^${child.fullName}`));
    await followNavLink(page, 'Questionnaires');
    await page
      .getByText(`You answer for ${child.fullName}, as their parent or guardian.`)
      .waitFor();
    await page.getByRole('button', { name: 'Fill in “Before your visit”' }).click();
    const form = page.getByRole('region', { name: 'Before your visit' });
    await radio(page, 'Fever', 'Yes').check();
    await field(form, 'How much pain do you have today, from 0 (none) to 10 (the worst)?').fill(
      '2',
    );
    await page
      .getByRole('radiogroup', { name: /^Have your medications changed/ })
      .getByLabel('No', { exact: true })
      .check();
    await form.getByRole('button', { name: 'Send my answers' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Your answers to “Before your visit” are in' })
      .waitFor();
    const sent = page.getByRole('article').filter({ hasText: 'Before your visit' }).first();
    const sentText = await sent.innerText();
    expect(sentText).toContain('Answered by a parent or guardian');
    expect(sentText).toMatch(/Fever\s+Yes/);
    await settle(page);
    await expectNoAxeViolations(page, 'questionnaires answered by a guardian');
    await noStoredHealthData(page);
  });
});
