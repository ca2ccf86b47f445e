import { describe, expect, it } from 'vitest';
import { assertValidResource } from '../fhir/validation/index.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { demoSignInPatients } from './demo-accounts.js';
import { demoAppointments } from './demo-appointments.js';
import { generateDemoPractice } from './generator/index.js';
import { DEMO_PATIENT_COUNT, DEMO_SEED } from './seed.js';

const NOW = new Date('2026-11-25T10:00:00Z');
const demo = generateDemoPractice({ seed: DEMO_SEED, patientCount: DEMO_PATIENT_COUNT, now: NOW });
const appointments = demoAppointments(demo, NOW);
const patientIds = new Set(demo.patients.map((p) => p.patient.id));

describe('the demo calendar', () => {
  it('is valid FHIR R4, each appointment in one stored patient’s record', () => {
    expect(appointments.length).toBeGreaterThan(50);
    for (const appointment of appointments) {
      assertValidResource(appointment);
      expect(patientIds.has(patientCompartmentOf(appointment))).toBe(true);
    }
    expect(new Set(appointments.map((a) => a.id)).size).toBe(appointments.length);
  });

  it('keeps past visits as fulfilled and books the ones to come on weekdays, no clinician twice', () => {
    const booked = appointments.filter((a) => a.status === 'booked');
    expect(booked.length).toBeGreaterThan(5);
    for (const a of appointments.filter((x) => x.status === 'fulfilled')) {
      expect(Date.parse(a.start!)).toBeLessThan(NOW.getTime());
    }
    const slots = new Set<string>();
    for (const a of booked) {
      const start = new Date(a.start!);
      expect(start.getTime()).toBeGreaterThan(NOW.getTime());
      expect([0, 6]).not.toContain(start.getUTCDay());
      const key = `${a.participant[1]?.actor?.display}|${a.start}`;
      expect(slots.has(key)).toBe(false);
      slots.add(key);
    }
  });

  it('gives the demo adult a visit to come with instructions and one they cancelled', () => {
    const { adult } = demoSignInPatients(
      demo.patients.map((p) => p.patient),
      NOW,
    );
    const theirs = appointments.filter((a) => patientCompartmentOf(a) === adult.id);
    expect(theirs.map((a) => a.status)).toEqual(expect.arrayContaining(['booked', 'cancelled']));
    expect(theirs.find((a) => a.status === 'booked')?.patientInstruction).toContain('8 hours');
  });

  it('fills today, kept, under way or booked by the hour, for patients other than the sign-ins', () => {
    const today = appointments.filter((a) => a.start?.startsWith('2026-11-25'));
    expect(today).toHaveLength(12);
    const signIns = Object.values(
      demoSignInPatients(
        demo.patients.map((p) => p.patient),
        NOW,
      ),
    ).map((p) => p.id);
    for (const a of today) {
      expect(signIns).not.toContain(patientCompartmentOf(a));
      const ended = Date.parse(a.end!) <= NOW.getTime();
      const begun = Date.parse(a.start!) <= NOW.getTime();
      expect(a.status).toBe(ended ? 'fulfilled' : begun ? 'arrived' : 'booked');
    }
  });

  it('is the same calendar on every run', () => {
    expect(JSON.stringify(demoAppointments(demo, NOW))).toBe(JSON.stringify(appointments));
  });
});
