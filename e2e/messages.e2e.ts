/**
 * DATA-13, USE-3: the demo adult reads their conversations with the care team and writes a new
 * one; the form names what is missing before anything is sent; the treating clinician finds it
 * in their inbox and answers; the patient reads the answer. A teenager's guardian is offered
 * neither the teenager's conversations nor a way to write for them.
 */
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './harness/axe.js';
import { field, settle, waitForHeading } from './harness/browser.js';
import { openChart } from './harness/console.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { switchRecord } from './harness/portal.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();
const SUBJECT = 'Swollen ankle after the walk';
const QUESTION = 'My left ankle is swollen since Saturday.\nShould I come in?';
const ANSWER = 'Rest it and keep it raised. If it is not better by Friday, call us to come in.';
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('a small picture'),
]);

describe('secure messages', () => {
  it('a patient writes to the care team; the treating clinician answers from the inbox', async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await followNavLink(page, 'Messages');
    const before = await mainText(page);
    // The demo's conversations: one answered by the clinician, one still waiting.
    expect(before).toContain('Dizzy in the mornings');
    expect(before).toContain('Refill before my trip');
    expect(before).toContain('Waiting for your care team');
    expect(before).toMatch(/, care team/);

    await page.getByRole('button', { name: 'Write to your care team' }).click();
    const form = page.getByRole('region', { name: 'Write to your care team' });
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await form.getByText('Fill this in before sending.').first().waitFor();
    expect(await form.getByText('Fill this in before sending.').count()).toBe(2);
    await settle(page);
    await expectNoAxeViolations(page, 'new message with errors');

    await field(form, 'Subject').fill(SUBJECT);
    await field(form, 'Message').fill(QUESTION);
    // A photo goes with it (a PNG by its first bytes), read in memory and sent with the text.
    await form.locator('input[type=file]').setInputFiles({
      name: 'ankle.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Your message “${SUBJECT}” was sent to your care team.` })
      .waitFor();
    const mine = page.getByRole('article', { name: SUBJECT });
    expect(await mine.innerText()).toContain('Should I come in?');
    expect(await mine.innerText()).toContain('Waiting for your care team');
    await noStoredHealthData(page);

    const clinician = await suite.newPage();
    await signInStaff(clinician, 'clinician@demo.haven.test');
    await followNavLink(clinician, 'Messages');
    const inbox = await mainText(clinician);
    expect(inbox).toContain('Refill before my trip');
    expect(inbox).toContain(SUBJECT);
    expect(inbox).toContain(suite.facts.adult.fullName);
    // The inbox names the subject, never the text.
    expect(inbox).not.toContain('Should I come in?');
    await settle(clinician);
    await expectNoAxeViolations(clinician, 'care team inbox');

    await clinician.getByRole('link', { name: SUBJECT }).click();
    await clinician.getByRole('heading', { name: SUBJECT }).waitFor();
    expect(await mainText(clinician)).toContain('Should I come in?');
    // The photo downloads as a file, byte for byte.
    const [download] = await Promise.all([
      clinician.waitForEvent('download'),
      clinician.getByRole('link', { name: 'ankle.png' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('ankle.png');
    const saved = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of saved) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(PNG)).toBe(true);
    await field(clinician.getByRole('main'), 'Your answer').fill(ANSWER);
    await clinician.getByRole('button', { name: 'Send answer' }).click();
    await clinician.getByRole('status').filter({ hasText: 'Your answer was sent.' }).waitFor();
    await clinician.getByText('Answered or handled').waitFor();
    await settle(clinician);
    await expectNoAxeViolations(clinician, 'conversation answered');
    await clinician.getByRole('link', { name: 'Back to messages' }).click();
    await clinician.getByRole('link', { name: 'Refill before my trip' }).waitFor();
    // Answered, it leaves the inbox (once the list is read again).
    await clinician.getByRole('link', { name: SUBJECT }).waitFor({ state: 'detached' });

    await page.reload();
    const answered = page.getByRole('article', { name: SUBJECT });
    await answered.getByText(ANSWER).waitFor();
    expect(await answered.innerText()).toContain('Answered');
    await noStoredHealthData(page);
  });

  it('a clinician writes first from the chart’s Messages tab; the patient reads it', async () => {
    const clinician = await suite.newPage();
    await signInStaff(clinician, 'clinician@demo.haven.test');
    await openChart(clinician, suite.facts.adult);
    await clinician.getByRole('tab', { name: 'Messages', exact: true }).click();
    await clinician.getByRole('link', { name: 'Dizzy in the mornings' }).waitFor();
    await clinician.getByRole('button', { name: 'Write to the patient' }).click();
    const form = clinician.getByRole('region', { name: 'Write to the patient' });
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await form.getByText('Fill this in before sending.').count()).toBe(2);
    await field(form, 'Subject').fill('Your cholesterol result');
    await field(form, 'Message').fill('It is a little high. We can talk about it at your visit.');
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await clinician
      .getByRole('status')
      .filter({ hasText: 'Your message “Your cholesterol result” was sent.' })
      .waitFor();
    await clinician.getByRole('link', { name: 'Your cholesterol result' }).waitFor();
    await settle(clinician);
    await expectNoAxeViolations(clinician, 'chart messages');

    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await followNavLink(page, 'Messages');
    const started = page.getByRole('article', { name: 'Your cholesterol result' });
    await started.getByText('It is a little high.', { exact: false }).waitFor();
    expect(await started.innerText()).toMatch(/, care team/);

    // Sent in error: its writer withdraws it, after a confirmation, and the patient no longer
    // sees it.
    await clinician.getByRole('link', { name: 'Your cholesterol result' }).click();
    await clinician.getByRole('heading', { name: 'Your cholesterol result' }).waitFor();
    await clinician.getByRole('button', { name: 'Withdraw (sent in error)' }).click();
    const dialog = clinician.getByRole('dialog', { name: 'Withdraw this message?' });
    await settle(clinician);
    await expectNoAxeViolations(clinician, 'withdraw a message');
    await dialog.getByRole('button', { name: 'Withdraw', exact: true }).click();
    await waitForHeading(clinician, 'Messages');
    await page.reload();
    await page.getByRole('article', { name: 'Dizzy in the mornings' }).waitFor();
    expect(await page.getByRole('article', { name: 'Your cholesterol result' }).count()).toBe(0);
  });

  it('a teenager’s guardian is offered neither the teenager’s conversations nor a way to write', async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'guardian@demo.haven.test');
    await switchRecord(page, new RegExp(`^${suite.facts.teen.fullName}`));
    await followNavLink(page, 'Messages');
    await page.getByText('does not include writing to the care team').waitFor();
    expect(await page.getByRole('button', { name: 'Write to your care team' }).count()).toBe(0);
    // The teenager has a conversation with the care team (the demo's); the guardian sees none.
    const text = await mainText(page);
    expect(text).toContain('No messages yet.');
    expect(text).not.toContain('A private question');
    await settle(page);
    await expectNoAxeViolations(page, 'messages for a teenager’s guardian');
  });
});
