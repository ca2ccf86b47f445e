/**
 * DATA-11: the demo adult sees their appointments on "Appointments": the visit to come with its
 * clinician and what to do before it, the one they cancelled, and their past visits.
 */
import { describe, expect, it } from 'vitest';
import { followNavLink, mainText } from './harness/navigation.js';
import { signInPatient } from './harness/sign-in.js';
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
    await followNavLink(page, 'Appointments');
    const text = await mainText(page);
    const clinician = booked?.participant[1]?.actor?.display ?? '';
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
});
