/**
 * Proxies and teen confidentiality: the demo guardian switches to the 15-year-old's record,
 * always sees whose record it is, and never sees the teen-confidential care (the anxiety
 * diagnosis and care plan, labelled PSY in the demo data) that the teenager sees themselves;
 * then switches to the younger child's record.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { followNavLink, mainText } from './harness/navigation.js';
import { switchRecord, whoseRecord } from './harness/portal.js';
import { signInPatient } from './harness/sign-in.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

/** The text of the portal's record pages (home, results, notes) for the open record. */
async function recordPagesText(page: Page): Promise<string> {
  const texts: string[] = [];
  for (const [link, heading] of [
    ['Home', 'My record'],
    ['Results', 'Results'],
    ['Notes and care plans', 'Notes and care plans'],
  ] as const) {
    await followNavLink(page, link, heading);
    texts.push(await mainText(page));
  }
  return texts.join('\n');
}

describe('guardian of a teenager', () => {
  it('sees whose record is open and none of the teen-confidential care', async () => {
    const { teen, teenConfidentialWords } = suite.facts;

    // The teenager sees their own confidential care (so its absence below means something).
    const own = await suite.newPage();
    await signInPatient(own, 'teen@demo.haven.test');
    const teenText = await recordPagesText(own);
    expect(teenConfidentialWords.some((word) => teenText.includes(word))).toBe(true);

    const page = await suite.newPage();
    await signInPatient(page, 'guardian@demo.haven.test');
    await switchRecord(page, new RegExp(`^${teen.fullName}`));
    await expect
      .poll(() => whoseRecord(page).innerText())
      .toContain(`You are viewing ${teen.fullName}'s record`);
    await page
      .getByText('Some confidential parts of this record are kept private by law')
      .waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Now showing ${teen.fullName}` })
      .waitFor({ state: 'attached' });

    const text = await recordPagesText(page);
    expect(await whoseRecord(page).innerText()).toContain(teen.fullName);
    for (const word of teenConfidentialWords) {
      expect(text, `a guardian must not see "${word}"`).not.toContain(word);
    }
    expect(text.toLowerCase()).not.toContain('anxiety');

    // The younger child's record: the banner follows the switch.
    await switchRecord(page, new RegExp(`^${suite.facts.child.fullName}`));
    await expect
      .poll(() => whoseRecord(page).innerText())
      .toContain(`You are viewing ${suite.facts.child.fullName}'s record`);
  });
});
