/**
 * DATA-5: the demo adult pays their bill by card in the portal. The card goes to the card
 * processor (the sandbox) and never to Haven's API, which gets a token; a declined card is
 * said so and takes nothing. Billing staff issue a statement from the chart, after the form has
 * named what is missing, and withdraw it; the patient sees it withdrawn.
 */
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './harness/axe.js';
import { field, settle } from './harness/browser.js';
import { openChart } from './harness/console.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

async function payWith(
  form: ReturnType<Awaited<ReturnType<typeof suite.newPage>>['getByRole']>,
  number: string,
) {
  await field(form, 'Card number').fill(number);
  await field(form, 'Expiry (MM/YY)').fill('12/30');
  await field(form, 'Security code').fill('123');
  await form.getByRole('button', { name: /^Pay \$/ }).click();
}

describe('bills', () => {
  it('a patient pays a bill by card; the card goes to the processor only; a declined card takes nothing', async () => {
    const page = await suite.newPage();
    const sentToHaven: string[] = [];
    const sentToProcessor: string[] = [];
    page.on('request', (request) => {
      const body = request.postData() ?? '';
      if (request.url().includes('/payment-sandbox/')) sentToProcessor.push(body);
      else sentToHaven.push(`${request.url()} ${body}`);
    });
    await signInPatient(page, 'patient@demo.haven.test');
    await followNavLink(page, 'Bills');
    const text = await mainText(page);
    expect(text).toContain('Balance due on all statements: $65.00');
    expect(text).toContain('Office visit, established patient');
    expect(text).toContain('Test payments');
    await settle(page);
    await expectNoAxeViolations(page, 'bills');

    await page.getByRole('button', { name: 'Pay this bill' }).click();
    const form = page.getByRole('form', { name: /^Pay statement S-/ });
    await payWith(form, '4000 0000 0000 0002');
    await form
      .getByRole('alert')
      .filter({ hasText: 'The card was declined. No money was taken.' })
      .waitFor();
    await settle(page);
    await expectNoAxeViolations(page, 'pay form, card declined');

    await payWith(form, '4242 4242 4242 4242');
    await page
      .getByRole('status')
      .filter({ hasText: /^Thank you: \$65\.00 was paid toward statement S-/ })
      .waitFor();
    const after = await mainText(page);
    expect(after).toContain('Nothing is due.');
    expect(after).toMatch(/\$65\.00 paid with Visa ending 4242/);
    expect(after).toMatch(/not paid \(Visa ending 0002\)/);
    await noStoredHealthData(page);

    // The good card went to the processor (once), and no card number to Haven ever.
    expect(sentToProcessor.filter((b) => b.includes('4242 4242 4242 4242'))).toHaveLength(1);
    expect(sentToHaven.filter((b) => /4242 ?4242|4000 ?0000 ?0000 ?0002/.test(b))).toEqual([]);
  });

  it('billing staff issue a statement from the chart and withdraw it; the patient sees it withdrawn', async () => {
    const staff = await suite.newPage();
    await signInStaff(staff, 'billing@demo.haven.test');
    await openChart(staff, suite.facts.adult);
    const section = staff.getByRole('region', { name: 'Statements' });
    await section
      .getByRole('heading', { name: /^Statement S-/ })
      .first()
      .waitFor();
    await section.getByRole('button', { name: 'New statement' }).click();
    const form = staff.getByRole('form', { name: 'New statement' });
    await form.getByRole('button', { name: 'Issue statement' }).click();
    await form.getByText('Fill this in.').waitFor();
    expect(await form.getByText('Enter dollars and cents, for example 180.00.').count()).toBe(1);
    await settle(staff);
    await expectNoAxeViolations(staff, 'new statement with errors');

    await field(form, 'Service').fill('Flu vaccine');
    await field(form, 'Charge ($)').fill('40.00');
    await field(form, 'Insurance paid ($)').fill('25.00');
    await form.getByRole('button', { name: 'Issue statement' }).click();
    const issued = staff.getByRole('status').filter({ hasText: /^Statement S-\w+ was issued\./ });
    await issued.waitFor();
    const number = /S-\w+/.exec(await issued.innerText())?.[0] ?? '';

    const patient = await suite.newPage();
    await signInPatient(patient, 'patient@demo.haven.test');
    await followNavLink(patient, 'Bills');
    await patient.getByRole('heading', { name: `Statement ${number}` }).waitFor();
    expect(await mainText(patient)).toContain('$15.00');

    await staff.getByRole('button', { name: `Withdraw statement ${number}` }).click();
    const dialog = staff.getByRole('dialog', { name: 'Withdraw this statement?' });
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).waitFor();
    await settle(staff);
    await expectNoAxeViolations(staff, 'withdraw a statement');
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await staff
      .getByRole('status')
      .filter({ hasText: `Statement ${number} was withdrawn.` })
      .waitFor();

    await patient.reload();
    const withdrawn = patient.getByRole('article', { name: `Statement ${number}` });
    await withdrawn.getByText('Withdrawn by the practice').waitFor();
    expect(await withdrawn.getByRole('button', { name: 'Pay this bill' }).count()).toBe(0);
  });
});
