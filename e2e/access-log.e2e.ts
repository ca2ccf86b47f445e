/**
 * ACC-7 / ONC (e)(1) activity log: a clinician on the care team opens the demo patient's chart
 * in the console, and the patient then sees that access (who, role, what, why) on "Who
 * accessed my record".
 */
import { describe, expect, it } from 'vitest';
import { openChart } from './harness/console.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('who accessed my record', () => {
  it("lists a clinician's opening of the chart on the patient's access page", async () => {
    const { adult, staffNames } = suite.facts;
    const clinicianName = staffNames['clinician@demo.haven.test'] ?? 'clinician';

    const clinician = await suite.newPage();
    await signInStaff(clinician, 'clinician@demo.haven.test');
    await openChart(clinician, adult);
    // On the care team: the chart itself, no emergency-access offer.
    await clinician.getByRole('tablist', { name: 'Parts of the chart' }).waitFor();
    expect(await clinician.getByRole('button', { name: 'Open emergency access' }).count()).toBe(0);
    await noStoredHealthData(clinician);

    const patient = await suite.newPage();
    await signInPatient(patient, 'patient@demo.haven.test');
    await followNavLink(patient, 'Who accessed my record');
    const text = await mainText(patient);
    expect(text).toContain(`${clinicianName} · Clinician`);
    const entries = await patient
      .getByRole('listitem')
      .filter({ hasText: `${clinicianName} · Clinician` })
      .allInnerTexts();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(entry).toMatch(/What: (viewed|looked through) /);
      expect(entry).toContain('Why: for care');
      expect(entry).not.toContain('Emergency access');
    }
  });
});
