/**
 * DATA-1, USE-2: the demo adult asks the practice to change their name, with a reason; the
 * request waits, the front desk accepts it in the console, and the patient then sees the new
 * name and the request accepted. A practice administrator keeps the home address to the
 * practice: the patient's address turns read-only with a note to call, and the rest of their
 * details still save. A waiting request can be withdrawn.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './harness/axe.js';
import { field, settle, waitForHeading } from './harness/browser.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();
const PATIENT = 'patient@demo.haven.test';

async function openMyDetails(page: Page): Promise<void> {
  await followNavLink(page, 'My details');
  await mainText(page);
}

function identitySection(page: Page) {
  return page.getByRole('region', { name: 'Name, birth date and gender' });
}

async function checkAccessible(page: Page, label: string): Promise<void> {
  await settle(page);
  await expectNoAxeViolations(page, label);
}

describe('change requests and what the practice lets patients change', () => {
  it('a patient asks for a new name, the front desk accepts, the patient sees it', async () => {
    const { adult } = suite.facts;
    const newFamily = `${adult.familyName}-Okafor`;
    const newName = `${adult.givenName} ${newFamily}`;

    const patient = await suite.newPage();
    await signInPatient(patient, PATIENT);
    await openMyDetails(patient);
    const identity = identitySection(patient);
    expect(await identity.innerText()).toContain(adult.fullName);

    // No reason: named next to the field before anything is sent, the name typed kept.
    await field(identity, 'Family name').fill(newFamily);
    await identity.getByRole('button', { name: 'Send change request' }).click();
    await identity.getByText('Say why you are asking for this change.').waitFor();
    expect(await field(identity, 'Family name').inputValue()).toBe(newFamily);

    await field(identity, 'Why you are asking for this change').fill('I married in June.');
    await identity.getByRole('button', { name: 'Send change request' }).click();
    await patient
      .getByRole('status')
      .filter({ hasText: /^Your request was sent\. The practice will answer by / })
      .waitFor();
    const waiting = identity
      .getByRole('listitem')
      .filter({ hasText: 'Waiting for the practice’s answer' });
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain(`Name: ${newName}`);
    expect(await waiting.innerText()).toContain('Your reason: I married in June.');
    await identity.getByRole('button', { name: 'Withdraw request' }).waitFor();
    // One waiting request at a time: the form gives way until it is answered or withdrawn.
    expect(await identity.getByRole('button', { name: 'Send change request' }).count()).toBe(0);
    await checkAccessible(patient, 'my details with a waiting request');

    const desk = await suite.newPage();
    await signInStaff(desk, 'frontdesk@demo.haven.test');
    await followNavLink(desk, 'Change requests');
    await mainText(desk);
    const card = desk.getByRole('article', { name: adult.fullName });
    const cardText = await card.innerText();
    expect(cardText).toContain(newName);
    expect(cardText).toContain('I married in June.');
    await checkAccessible(desk, 'change requests as the front desk');

    // Declining needs a reason: asked for, nothing sent.
    await card.getByRole('button', { name: 'Decline change' }).click();
    await card.getByText('Say why you decline: the patient sees your reason.').waitFor();
    await card.getByRole('button', { name: 'Accept change' }).click();
    await desk
      .getByRole('status')
      .filter({ hasText: `Accepted: ${adult.fullName}’s record now shows the change.` })
      .waitFor();
    await card.waitFor({ state: 'detached' });

    await patient.reload();
    await waitForHeading(patient, 'My details');
    await mainText(patient);
    const after = await identitySection(patient).innerText();
    expect(after).toContain(newName);
    const accepted = identitySection(patient)
      .getByRole('listitem')
      .filter({ hasText: 'Accepted: changed' });
    expect(await accepted.innerText()).toContain(`Name: ${newName}`);
  });

  it('a practice administrator keeps the address; the patient sees it read-only', async () => {
    const admin = await suite.newPage();
    await signInStaff(admin, 'admin@demo.haven.test');
    await followNavLink(admin, 'Practice settings');
    await mainText(admin);
    await field(admin, 'Home address').selectOption({ label: 'Only the practice changes them' });
    await admin.getByRole('button', { name: 'Save self-service settings' }).click();
    await admin.getByRole('status').filter({ hasText: 'Self-service settings saved.' }).waitFor();
    await checkAccessible(admin, 'practice settings');

    // The administrator sees the change-request queue, without deciding.
    await followNavLink(admin, 'Change requests');
    await mainText(admin);
    await admin.getByText(/^You can see the requests; front desk/).waitFor();
    expect(await admin.getByRole('button', { name: 'Accept change' }).count()).toBe(0);

    const patient = await suite.newPage();
    await signInPatient(patient, PATIENT);
    await openMyDetails(patient);
    const address = patient.getByRole('group', { name: 'Home address' });
    await address
      .getByText('Your practice updates your address. Call them to change it.')
      .waitFor();
    expect(await field(address, 'Street and number').isEditable()).toBe(false);
    expect(await field(address, 'City').isEditable()).toBe(false);
    await checkAccessible(patient, 'my details with the address kept by the practice');

    // The rest still saves: the kept address goes back as it was stored.
    await field(patient, 'Work phone').fill('555-0142');
    await patient.getByRole('button', { name: 'Save my details' }).click();
    await patient.getByRole('status').filter({ hasText: 'Your details were saved.' }).waitFor();
    await patient.reload();
    await waitForHeading(patient, 'My details');
    await expect.poll(() => field(patient, 'Work phone').inputValue()).toBe('555-0142');
  });

  it('a patient withdraws a waiting request and may ask again', async () => {
    const patient = await suite.newPage();
    await signInPatient(patient, PATIENT);
    await openMyDetails(patient);
    const identity = identitySection(patient);
    await field(identity, 'Gender').selectOption({ label: 'Other' });
    await field(identity, 'Why you are asking for this change').fill('Recorded wrongly.');
    await identity.getByRole('button', { name: 'Send change request' }).click();
    await identity.getByRole('button', { name: 'Withdraw request' }).click();
    await patient.getByRole('status').filter({ hasText: 'Your request was withdrawn.' }).waitFor();
    const withdrawn = identity.getByRole('listitem').filter({ hasText: 'Withdrawn' });
    expect(await withdrawn.innerText()).toContain('Gender: Other');
    await identity.getByRole('button', { name: 'Send change request' }).waitFor();
  });
});
