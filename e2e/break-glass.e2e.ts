/**
 * Break-the-glass (ACC-5): the demo clinician opens a patient outside their care team (the
 * demo teenager, who has a portal account), is shown who the patient is but not the chart,
 * with the offer of emergency access; gives a reason and opens it, and the chart shows under
 * a banner saying when the access ends. The privacy officer finds it in the review queue and
 * marks it justified, and the patient sees it highlighted in "Who accessed my record".
 */
import { describe, expect, it } from 'vitest';
import { field } from './harness/browser.js';
import { openChart } from './harness/console.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();
const EXPLANATION = 'Seen in urgent care after a fall; the usual clinician is away (e2e).';

describe('break-the-glass', () => {
  it('opens emergency access with a reason, under a banner, and the officer reviews it', async () => {
    const { outsideCareTeam, teen, staffNames } = suite.facts;
    const patient = teen;
    expect(outsideCareTeam.map((p) => p.id)).toContain(patient.id);
    const clinicianName = staffNames['clinician@demo.haven.test'] ?? 'Silas';

    const clinician = await suite.newPage();
    await signInStaff(clinician, 'clinician@demo.haven.test');
    await openChart(clinician, patient);
    await clinician.getByRole('note', { name: 'This patient is not in your care' }).waitFor();
    expect(await clinician.getByRole('tablist', { name: 'Parts of the chart' }).count()).toBe(0);

    const form = clinician.getByRole('region', { name: 'Open emergency access' });
    // Too short an explanation is refused on the field, and what was typed stays.
    await field(form, 'Explain why you need access now').fill('urgent');
    await form.getByRole('button', { name: 'Open emergency access' }).click();
    await form.getByText('Write at least 10 characters explaining why you need access.').waitFor();
    expect(await field(form, 'Explain why you need access now').inputValue()).toBe('urgent');

    await field(form, 'Explain why you need access now').fill(EXPLANATION);
    await form.getByRole('button', { name: 'Open emergency access' }).click();
    await clinician
      .getByText(/^Emergency access — ends at .+; every view is logged and reviewed$/)
      .waitFor();
    await clinician.getByRole('tablist', { name: 'Parts of the chart' }).waitFor();

    const officer = await suite.newPage();
    await signInStaff(officer, 'privacy@demo.haven.test');
    await followNavLink(officer, 'Break-the-glass reviews');
    await mainText(officer);
    const card = officer.getByRole('article').filter({ hasText: EXPLANATION });
    await card.waitFor();
    const heading = await card.getByRole('heading').innerText();
    expect(heading).toContain(clinicianName);
    expect(await card.innerText()).toContain(patient.id);
    await field(card, 'Note (optional)').fill('Confirmed with the urgent care log.');
    await card.getByRole('button', { name: 'Mark justified' }).click();
    await card.waitFor({ state: 'detached' });

    await officer.getByRole('radio', { name: 'Justified', exact: true }).check();
    const reviewed = officer.getByRole('article').filter({ hasText: EXPLANATION });
    await reviewed.waitFor();
    expect(await reviewed.innerText()).toContain('Confirmed with the urgent care log.');

    // The patient sees the emergency access, marked and in words.
    const own = await suite.newPage();
    await signInPatient(own, 'teen@demo.haven.test');
    await followNavLink(own, 'Who accessed my record');
    await mainText(own);
    const emergency = own.getByRole('listitem').filter({ hasText: 'Emergency access' }).first();
    const words = await emergency.innerText();
    expect(words).toContain('Emergency access (break-the-glass)');
    expect(words).toContain(clinicianName);
    expect(words).toContain('Why: in an emergency');
  });
});
