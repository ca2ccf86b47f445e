/**
 * DATA-11: the demo adult sees their appointments on "Appointments": the visit to come with its
 * clinician and what to do before it, the one they cancelled, and their past visits. The front
 * desk finds the same visit on the console's schedule for its day, and opens the chart from it.
 */
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './harness/axe.js';
import { field, settle, waitForHeading } from './harness/browser.js';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient, signInStaff } from './harness/sign-in.js';
import { noStoredHealthData } from './harness/storage.js';
import { useHavenSuite } from './harness/suite.js';

const suite = useHavenSuite();

describe('appointments', () => {
  it('lists the visit to come first, with its clinician and instructions, then past visits', async () => {
    const appointments = suite.facts.adultAppointments;
    const booked = appointments.find((a) => a.status === 'booked');
    const cancelled = appointments.find((a) => a.status === 'cancelled');
    expect(booked && cancelled, 'the demo adult has a booked and a cancelled visit').toBeTruthy();
    const page = await suite.newPage();
    await signInPatient(page, 'patient@demo.haven.test');
    const clinician = booked?.participant[1]?.actor?.display ?? '';
    // The home page names the next visit (the booked one: the cancelled one is not it).
    const home = page.getByRole('region', { name: 'Your next visit' });
    await home.getByText(`With ${clinician}`).waitFor();
    expect(await home.innerText()).toContain(booked?.patientInstruction ?? '');
    await followNavLink(page, 'Appointments');
    const text = await mainText(page);
    expect(text).toContain(`With ${clinician}`);
    expect(text).toContain(booked?.patientInstruction ?? '');
    expect(text).toContain('Cancelled by the patient');
    expect(text).toContain('call the practice');
    // Visits to come are above past ones, and the past ones are the visits kept.
    expect(text.indexOf('Coming up')).toBeLessThan(text.indexOf(`With ${clinician}`));
    expect(text.indexOf(`With ${clinician}`)).toBeLessThan(text.indexOf('Past visits'));
    const attended = appointments.filter((a) => a.status === 'fulfilled').length;
    expect(text.toLowerCase().split('attended').length - 1).toBe(attended);
    await noStoredHealthData(page);
  });

  it('the front desk finds the visit on its day in the schedule, and opens the chart from it', async () => {
    const { adult, adultAppointments } = suite.facts;
    const booked = adultAppointments.find((a) => a.status === 'booked');
    const page = await suite.newPage();
    await signInStaff(page, 'frontdesk@demo.haven.test');
    await followNavLink(page, 'Schedule');
    // The day as the browser's own calendar names it.
    const day = await page.evaluate((start) => {
      const d = new Date(start);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    }, booked?.start ?? '');
    await field(page, 'Day').fill(day);
    const row = page.getByRole('row').filter({ hasText: adult.fullName });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(booked?.participant[1]?.actor?.display ?? '');
    expect(text).toContain('Booked');
    await settle(page);
    await expectNoAxeViolations(page, 'console schedule');
    await row.getByRole('link', { name: adult.fullName }).click();
    await waitForHeading(page, 'Patient chart');
  });
});
