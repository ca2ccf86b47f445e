/**
 * USE-2, DATA-2: a patient changes how the practice reaches them (a phone number and an
 * emergency contact) in the portal; a half-filled contact is named next to it with what was
 * typed kept, and the saved details are there after a reload.
 */
import { describe, expect, it } from 'vitest';
import { field, waitForHeading } from './harness/browser.js';
import { followNavLink } from './harness/navigation.js';
import { signInPatient } from './harness/sign-in.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('my details', () => {
  it('changes a phone number and an emergency contact, and keeps what was typed on an error', async () => {
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    await followNavLink(page, 'My details');
    await waitForHeading(page, 'My details');

    await field(page, 'Mobile phone').fill('+1 555 010 7788');
    // The demo patient may already have contacts: the new one is the next fieldset.
    const existing = await page.getByRole('group', { name: /^Emergency contact \d+$/ }).count();
    const legend = `Emergency contact ${existing + 1}`;
    await page.getByRole('button', { name: 'Add an emergency contact' }).click();
    const contact = page.getByRole('group', { name: legend });
    await field(contact, 'Name').fill('Ada Adeyemi');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await contact
      .getByText('Give a name, how they are related to you and a phone number.')
      .waitFor();
    expect(await field(contact, 'Name').inputValue()).toBe('Ada Adeyemi');

    await field(contact, 'How they are related to you').fill('Sister');
    await field(contact, 'Their phone number').fill('555-0199');
    await page.getByRole('button', { name: 'Save my details' }).click();
    await page.getByRole('status').filter({ hasText: 'Your details were saved.' }).waitFor();

    await page.reload();
    await waitForHeading(page, 'My details');
    await expect.poll(() => field(page, 'Mobile phone').inputValue()).toBe('+1 555 010 7788');
    const saved = page.getByRole('group', { name: legend });
    expect(await field(saved, 'Name').inputValue()).toBe('Ada Adeyemi');
    expect(await field(saved, 'How they are related to you').inputValue()).toBe('Sister');
  });
});
