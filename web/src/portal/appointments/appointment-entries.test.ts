import type { Appointment, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { appointmentLists } from './appointment-entries';

const NOW = new Date('2026-11-25T10:00:00Z');
const PATIENT = { reference: 'Patient/0b7e2a52-6f1d-4c1e-9a43-8d2b7f0c1a11' };

function visit(id: string, start: string, extra: Partial<Appointment> = {}): Appointment {
  return {
    resourceType: 'Appointment',
    id,
    status: 'booked',
    start,
    end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
    participant: [{ actor: PATIENT, status: 'accepted' }],
    ...extra,
  };
}

describe('appointmentLists', () => {
  it('lists visits to come soonest first and past ones newest first; one under way is still to come', () => {
    const resources: Resource[] = [
      visit('past-old', '2026-01-10T09:00:00Z', { status: 'fulfilled' }),
      visit('later', '2026-12-20T09:00:00Z'),
      visit('past-new', '2026-11-01T09:00:00Z', { status: 'noshow' }),
      visit('under-way', '2026-11-25T09:50:00Z', { status: 'arrived' }),
      visit('soon', '2026-11-26T15:00:00Z'),
      { resourceType: 'Observation', status: 'final', code: {} },
      { resourceType: 'Appointment', status: 'proposed', participant: [] },
    ];
    const { upcoming, past } = appointmentLists(resources, NOW);
    expect(upcoming.map((e) => e.id)).toEqual(['under-way', 'soon', 'later']);
    expect(past.map((e) => e.id)).toEqual(['past-new', 'past-old']);
  });

  it('says who, where, what kind, why and what to bring, never naming the patient as a clinician', () => {
    const [entry] = appointmentLists(
      [
        visit('a', '2026-12-01T09:00:00Z', {
          status: 'cancelled',
          cancelationReason: { text: 'Cancelled by the patient' },
          serviceType: [{ coding: [{ code: '390906007', display: 'Follow-up encounter' }] }],
          reasonCode: [{ text: 'Blood pressure check' }],
          patientInstruction: 'Bring your readings',
          participant: [
            { actor: { ...PATIENT, display: 'Pat Doe' }, status: 'accepted' },
            { actor: { display: 'Ada Okafor, MD' }, status: 'accepted' },
            { actor: { reference: 'Location/x', display: 'Room 2' }, status: 'accepted' },
          ],
        }),
      ],
      NOW,
    ).upcoming;
    expect(entry).toMatchObject({
      kind: 'Follow-up encounter',
      with: ['Ada Okafor, MD'],
      where: ['Room 2'],
      reason: 'Blood pressure check',
      instruction: 'Bring your readings',
      cancelReason: 'Cancelled by the patient',
    });
  });
});
