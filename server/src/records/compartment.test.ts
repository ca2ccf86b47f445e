import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { compartmentProblem, patientCompartmentOf } from './compartment.js';

const A = '0b7e2a52-6f1d-4c1e-9a43-8d2b7f0c1a11';
const B = '5c3d9e8f-2a4b-4f6c-8d1e-3b7a9c0d2e22';
const DOCTOR = '9f8e7d6c-5b4a-4321-8fed-cba987654321';

function appointment(...actors: string[]): Resource {
  return {
    resourceType: 'Appointment',
    status: 'booked',
    participant: actors.map((reference) => ({ actor: { reference }, status: 'accepted' })),
  };
}

describe('patientCompartmentOf', () => {
  it('files clinical resources under subject, patient or beneficiary', () => {
    expect(patientCompartmentOf({ resourceType: 'Patient', id: A })).toBe(A);
    const observation = { resourceType: 'Observation', status: 'final', code: {} } as const;
    expect(patientCompartmentOf({ ...observation, subject: { reference: `Patient/${A}` } })).toBe(
      A,
    );
    expect(
      patientCompartmentOf({
        resourceType: 'Coverage',
        beneficiary: { reference: `Patient/${B}` },
      } as Resource),
    ).toBe(B);
    // A subject without a reference does not hide the patient named elsewhere.
    expect(
      patientCompartmentOf({
        resourceType: 'AllergyIntolerance',
        patient: { reference: `Patient/${A}` },
      }),
    ).toBe(A);
  });

  it('files an appointment under the patient among its participants, whatever their order', () => {
    expect(patientCompartmentOf(appointment(`Practitioner/${DOCTOR}`, `Patient/${A}`))).toBe(A);
    expect(patientCompartmentOf(appointment(`Patient/${B}`))).toBe(B);
    expect(
      patientCompartmentOf({
        resourceType: 'AppointmentResponse',
        actor: { reference: `Patient/${A}` },
      } as Resource),
    ).toBe(A);
    expect(
      patientCompartmentOf({
        resourceType: 'Schedule',
        actor: [{ reference: `Patient/${B}` }],
      }),
    ).toBe(B);
  });

  it('files a practitioner schedule, a slot and a practitioner-only appointment under no patient', () => {
    expect(patientCompartmentOf(appointment(`Practitioner/${DOCTOR}`))).toBeUndefined();
    expect(
      patientCompartmentOf({
        resourceType: 'Schedule',
        actor: [{ reference: `Practitioner/${DOCTOR}` }],
      }),
    ).toBeUndefined();
    expect(
      patientCompartmentOf({
        resourceType: 'Slot',
        schedule: { reference: `Schedule/${A}` },
      } as Resource),
    ).toBeUndefined();
  });
});

describe('compartmentProblem', () => {
  it('accepts one patient, named once or twice', () => {
    expect(
      compartmentProblem(appointment(`Patient/${A}`, `Practitioner/${DOCTOR}`)),
    ).toBeUndefined();
    expect(compartmentProblem(appointment(`Patient/${A}`, `Patient/${A}`))).toBeUndefined();
  });

  it('refuses an appointment or a schedule naming two patients, with its location', () => {
    expect(compartmentProblem(appointment(`Patient/${A}`, `Patient/${B}`))).toEqual({
      location: 'Appointment.participant',
      message: 'names more than one patient; book one per patient',
    });
    expect(
      compartmentProblem({
        resourceType: 'Schedule',
        actor: [{ reference: `Patient/${A}` }, { reference: `Patient/${B}` }],
      })?.location,
    ).toBe('Schedule.actor');
  });
});
