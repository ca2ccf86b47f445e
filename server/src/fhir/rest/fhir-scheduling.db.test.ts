/**
 * Appointments and scheduling through the FHIR API (DATA-11): Schedule, Slot and Appointment
 * are stored, validated, searched and gated like every record; an appointment is filed in its
 * patient's record and the desk books it without seeing why the patient comes.
 */
import { randomUUID } from 'node:crypto';
import type {
  Appointment,
  Bundle,
  OperationOutcome,
  Practitioner,
  Schedule,
  Slot,
} from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction } from '../../db/transactions.js';
import type { StaffRole } from '../../identity/roles.js';
import { chartWithRecords, clearedStaff, joinCareTeam } from '../../gate/gate-test-fixtures.js';
import { signedInPatient } from '../../../test/identity-fixtures.js';
import { createTestPatient } from '../../../test/patient-fixtures.js';
import { staffFhirCaller, type FhirCaller } from '../../../test/fhir-caller.js';
import { storedVersionCount } from '../../../test/stored-records.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function setting() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const chart = await chartWithRecords(db, keyring, tenantId, clock.now());
  const callerFor = async (role: StaffRole, treating = true): Promise<FhirCaller> => {
    const userId = await clearedStaff(db, keyring, tenantId, role, clock.now());
    if (treating && role === 'clinician') {
      await joinCareTeam(db, tenantId, chart.patientId, userId, clock.now());
    }
    return staffFhirCaller(app, db, keyring, { tenantId, userId }, clock.now());
  };
  return {
    app,
    tenantId,
    chart,
    admin: await callerFor('practice_admin'),
    desk: await callerFor('front_desk'),
    clinician: await callerFor('clinician'),
    otherClinician: await callerFor('clinician', false),
    billing: await callerFor('billing'),
  };
}

type Setting = Awaited<ReturnType<typeof setting>>;

/** A practitioner with a schedule and one free 20-minute slot, as the administrator sets up. */
async function bookableSlot({ admin }: Setting) {
  const practitioner = (
    await admin('POST', '/Practitioner', {
      resourceType: 'Practitioner',
      name: [{ family: 'Okafor', given: ['Ada'], prefix: ['Dr.'] }],
    })
  ).json<Practitioner>();
  const schedule = await admin('POST', '/Schedule', {
    resourceType: 'Schedule',
    active: true,
    actor: [{ reference: `Practitioner/${practitioner.id}`, display: 'Dr. Ada Okafor' }],
    planningHorizon: { start: '2026-12-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
  });
  expect(schedule.statusCode).toBe(201);
  const scheduleId = schedule.json<Schedule>().id!;
  const slot = await admin('POST', '/Slot', {
    resourceType: 'Slot',
    schedule: { reference: `Schedule/${scheduleId}` },
    status: 'free',
    start: '2026-12-03T09:00:00Z',
    end: '2026-12-03T09:20:00Z',
  });
  expect(slot.statusCode).toBe(201);
  return { practitioner, scheduleId, slot: slot.json<Slot>() };
}

function appointmentFor(patientId: string, practitionerId: string, slotId?: string): Appointment {
  return {
    resourceType: 'Appointment',
    status: 'booked',
    serviceType: [{ text: 'Follow-up visit' }],
    reasonCode: [{ text: 'Chest tightness when climbing stairs' }],
    comment: 'Patient worried about the new medication',
    start: '2026-12-03T09:00:00Z',
    end: '2026-12-03T09:20:00Z',
    ...(slotId ? { slot: [{ reference: `Slot/${slotId}` }] } : {}),
    patientInstruction: 'Bring your medication list',
    participant: [
      { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
      {
        actor: { reference: `Practitioner/${practitionerId}`, display: 'Dr. Ada Okafor' },
        status: 'accepted',
      },
    ],
  };
}

describe('appointments and scheduling over FHIR (DATA-11)', () => {
  it('the desk books a slot; the appointment is in the patient record, found by patient, date and practitioner', async () => {
    const s = await setting();
    const { practitioner, slot, scheduleId } = await bookableSlot(s);
    const booked = await s.desk(
      'POST',
      '/Appointment',
      appointmentFor(s.chart.patientId, practitioner.id!, slot.id),
    );
    expect(booked.statusCode).toBe(201);
    const id = booked.json<Appointment>().id!;
    // The slot is taken: the desk marks it busy, with If-Match like any update.
    const busy = await s.desk(
      'PUT',
      `/Slot/${slot.id}`,
      { ...slot, status: 'busy' },
      { 'if-match': 'W/"1"' },
    );
    expect(busy.statusCode).toBe(200);

    // Filed in the patient's compartment: sealed with their key, found by `patient`.
    const stored = await tenantTransaction(db, s.tenantId, (tx) =>
      tx
        .selectFrom('fhir_current')
        .select('patient_id')
        .where('tenant_id', '=', s.tenantId)
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.patient_id).toBe(s.chart.patientId);
    const ids = async (query: string) =>
      (await s.clinician('GET', `/Appointment?${query}`))
        .json<Bundle<Appointment>>()
        .entry?.map((e) => e.resource?.id) ?? [];
    expect(await ids(`patient=${s.chart.patientId}`)).toEqual([id]);
    expect(await ids(`patient=${s.chart.patientId}&date=ge2026-12-03&date=lt2026-12-04`)).toEqual([
      id,
    ]);
    expect(await ids(`date=ge2026-12-04`)).toEqual([]);
    expect(await ids(`practitioner=Practitioner/${practitioner.id}&status=booked`)).toEqual([id]);
    expect(await ids(`status=cancelled`)).toEqual([]);
    const slots = (await s.desk('GET', `/Slot?schedule=Schedule/${scheduleId}&status=free`)).json<
      Bundle<Slot>
    >();
    expect(slots.entry ?? []).toEqual([]);

    // The patient sees it in their own record, reason and all.
    const { browser } = await signedInPatient(s.app, db, keyring, s.tenantId, s.chart.patientId);
    const own = await browser.request('GET', '/api/me/record/records?type=Appointment');
    expect(own.statusCode).toBe(200);
    expect(own.json<{ resources: Appointment[] }>().resources).toEqual([
      expect.objectContaining({
        id,
        reasonCode: [{ text: 'Chest tightness when climbing stairs' }],
      }),
    ]);
  });

  it('the desk sees when and with whom, never why; its changes keep the reason it cannot see', async () => {
    const s = await setting();
    const { practitioner } = await bookableSlot(s);
    const booked = await s.clinician(
      'POST',
      '/Appointment',
      appointmentFor(s.chart.patientId, practitioner.id!),
    );
    const id = booked.json<Appointment>().id!;
    const seen = (await s.desk('GET', `/Appointment/${id}`)).json<Appointment>();
    expect(seen.start).toBe('2026-12-03T09:00:00Z');
    expect(seen.patientInstruction).toBe('Bring your medication list');
    expect(seen).not.toHaveProperty('reasonCode');
    expect(seen).not.toHaveProperty('comment');
    expect(JSON.stringify(seen)).not.toContain('Chest');

    // Cancelling from the masked view keeps the reason the desk never saw.
    const cancelled = await s.desk(
      'PUT',
      `/Appointment/${id}`,
      { ...seen, status: 'cancelled', cancelationReason: { text: 'Patient called' } },
      { 'if-match': 'W/"1"' },
    );
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<Appointment>()).not.toHaveProperty('reasonCode');
    const full = (await s.clinician('GET', `/Appointment/${id}`)).json<Appointment>();
    expect(full.status).toBe('cancelled');
    expect(full.reasonCode).toEqual([{ text: 'Chest tightness when climbing stairs' }]);
    expect(full.comment).toBe('Patient worried about the new medication');
    // A clinician who does not treat this patient books and reads like the desk.
    const elsewhere = (await s.otherClinician('GET', `/Appointment/${id}`)).json<Appointment>();
    expect(elsewhere.start).toBe('2026-12-03T09:00:00Z');
    expect(elsewhere).not.toHaveProperty('reasonCode');

    // Changing the hidden reason is refused, not quietly dropped.
    const rewritten = await s.desk(
      'PUT',
      `/Appointment/${id}`,
      { ...seen, reasonCode: [{ text: 'something else' }] },
      { 'if-match': 'W/"2"' },
    );
    expect(rewritten.statusCode).toBe(422);
    expect(rewritten.json<OperationOutcome>().issue?.[0]?.expression).toEqual([
      'Appointment.reasonCode',
    ]);
    // Billing has no business with the calendar.
    expect((await s.billing('GET', `/Appointment/${id}`)).statusCode).toBe(404);
    const slots = await s.billing('GET', '/Slot');
    expect(slots.json<Bundle>().entry ?? []).toEqual([]);
    expect((await s.desk('GET', '/Slot')).json<Bundle>().entry).toHaveLength(1);
  });

  it('refuses an appointment naming two patients, a bad status or a missing patient, storing nothing', async () => {
    const s = await setting();
    const { practitioner } = await bookableSlot(s);
    const other = await createTestPatient(db, keyring, s.tenantId, { birthDate: '1990-05-06' });
    const two = appointmentFor(s.chart.patientId, practitioner.id!);
    two.participant.push({ actor: { reference: `Patient/${other.id}` }, status: 'accepted' });
    const refusals = [
      await s.desk('POST', '/Appointment', two),
      await s.desk('POST', '/Appointment', {
        ...appointmentFor(s.chart.patientId, practitioner.id!),
        status: 'sleeping',
      }),
      await s.desk('POST', '/Appointment', {
        ...appointmentFor(s.chart.patientId, practitioner.id!),
        start: undefined,
        end: undefined,
      }),
      await s.desk('POST', '/Slot', { resourceType: 'Slot', status: 'free' }),
      await s.desk('POST', '/Appointment', appointmentFor(randomUUID(), practitioner.id!)),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([422, 422, 400, 400, 422]);
    const where = refusals.map((r) => r.json<OperationOutcome>().issue?.[0]?.expression?.[0]);
    expect(where[0]).toBe('Appointment.participant');
    expect(where[1]).toBe('Appointment.status');
    expect(where[4]).toBe('Appointment.participant');
    expect(await storedVersionCount(db, s.tenantId, 'Appointment')).toBe(0);
  });
});
