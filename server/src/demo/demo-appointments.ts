/**
 * The demo practice's calendar (DATA-11): every visit of the last year as a fulfilled
 * appointment, and visits to come, so the portal's "Appointments" page and the console's
 * schedule have something true to show. Built apart from the generator, which dates everything
 * before now: appointments to come are after it. Deterministic like the rest of the demo.
 */
import type { Appointment, CodeableConcept, Encounter, Patient } from '@medplum/fhirtypes';
import type { DemoPractice } from './generator/index.js';
import { Rng } from './generator/index.js';
import { staffDisplayName } from './generator/staff.js';
import { addDays, DAY_MS, isoDateTime, startOfUtcDay } from './generator/dates.js';
import { demoSignInPatients } from './demo-accounts.js';

const SEED = 20_261_125;
const SNOMED = 'http://snomed.info/sct';
const FOLLOW_UP: CodeableConcept = {
  coding: [{ system: SNOMED, code: '390906007', display: 'Follow-up encounter' }],
  text: 'Follow-up visit',
};
const CHECK_UP: CodeableConcept = {
  coding: [{ system: SNOMED, code: '185349003', display: 'Encounter for check up' }],
  text: 'Check-up',
};
/** Visits on the demo's today. */
const TODAY_VISITS = 12;
const ARRIVE_EARLY = 'Please arrive 10 minutes early and bring your medication list.';
const FASTING =
  'Blood will be drawn: nothing to eat or drink but water for 8 hours before your visit.';

export function demoAppointments(demo: DemoPractice, now: Date): Appointment[] {
  const rng = new Rng(SEED);
  const clinicians = demo.staff.filter((s) => s.role === 'clinician').map(staffDisplayName);
  const calendar = new Calendar(rng, clinicians, now);
  const patients = demo.patients.map((p) => p.patient);
  const { adult } = demoSignInPatients(patients, now);
  const appointments: Appointment[] = [];
  for (const { patient, resources } of demo.patients) {
    const encounters = resources.filter((r): r is Encounter => r.resourceType === 'Encounter');
    appointments.push(
      ...encounters.filter((e) => recent(e, now)).map((e) => kept(rng, patient, e)),
    );
    const chronic = encounters.some((e) => e.type?.[0]?.coding?.[0]?.code === '390906007');
    const signIn = patient.id === adult.id;
    if (signIn || (chronic && rng.chance(0.7)) || rng.chance(0.25)) {
      appointments.push(calendar.book(patient, chronic || signIn ? FOLLOW_UP : CHECK_UP, signIn));
    }
    if (signIn) appointments.push(calendar.cancelled(patient));
  }
  // A day at the practice: the console's schedule opens on today, so today is full. The
  // sign-ins are left out, so what their own pages show does not depend on the hour.
  const signIns = new Set(Object.values(demoSignInPatients(patients, now)).map((p) => p.id));
  const others = demo.patients.filter((p) => !signIns.has(p.patient.id));
  for (const { patient } of rng.shuffle(others).slice(0, TODAY_VISITS)) {
    appointments.push(calendar.today(patient));
  }
  return appointments;
}

/** Visits of the last year: older ones are in the chart as encounters only. */
function recent(encounter: Encounter, now: Date): boolean {
  const start = Date.parse(encounter.period?.start ?? '');
  return now.getTime() - start < 365 * DAY_MS;
}

/** The appointment a past visit was booked as, kept (fulfilled) with its clinician and reason. */
function kept(rng: Rng, patient: Patient, encounter: Encounter): Appointment {
  return {
    resourceType: 'Appointment',
    id: rng.uuid(),
    status: 'fulfilled',
    serviceType: encounter.type ?? [],
    ...(encounter.reasonCode ? { reasonCode: encounter.reasonCode } : {}),
    start: encounter.period?.start ?? '',
    end: encounter.period?.end ?? '',
    participant: participants(patient, encounter.participant?.[0]?.individual?.display),
  };
}

function participants(patient: Patient, clinician: string | undefined) {
  return [
    { actor: { reference: `Patient/${patient.id}` }, status: 'accepted' as const },
    ...(clinician ? [{ actor: { display: clinician }, status: 'accepted' as const }] : []),
  ];
}

/** Times to come: weekdays, 20-minute slots from 8:00 to 16:40 UTC, no clinician booked twice. */
class Calendar {
  private readonly taken = new Set<string>();

  constructor(
    private readonly rng: Rng,
    private readonly clinicians: readonly string[],
    private readonly now: Date,
  ) {}

  /** A booked visit two days to six weeks ahead. */
  book(patient: Patient, kind: CodeableConcept, fasting: boolean): Appointment {
    const { clinician, start } = this.freeSlot(2, 42);
    return {
      resourceType: 'Appointment',
      id: this.rng.uuid(),
      status: 'booked',
      serviceType: [kind],
      start: isoDateTime(start),
      end: isoDateTime(new Date(start.getTime() + 20 * 60_000)),
      created: isoDateTime(addDays(this.now, -this.rng.int(3, 20))),
      patientInstruction: fasting ? `${ARRIVE_EARLY} ${FASTING}` : ARRIVE_EARLY,
      participant: participants(patient, clinician),
    };
  }

  /** A check-up next week the patient called off. */
  cancelled(patient: Patient): Appointment {
    const { clinician, start } = this.freeSlot(5, 9);
    return {
      resourceType: 'Appointment',
      id: this.rng.uuid(),
      status: 'cancelled',
      cancelationReason: { text: 'Cancelled by the patient' },
      serviceType: [CHECK_UP],
      start: isoDateTime(start),
      end: isoDateTime(new Date(start.getTime() + 20 * 60_000)),
      participant: participants(patient, clinician),
    };
  }

  /** A visit today: kept if it is over, under way (arrived) if it has begun, else booked. */
  today(patient: Patient): Appointment {
    const { clinician, start } = this.freeSlot(0, 0);
    const end = new Date(start.getTime() + 20 * 60_000);
    const status =
      end <= this.now ? 'fulfilled' : start <= this.now ? 'arrived' : ('booked' as const);
    return {
      resourceType: 'Appointment',
      id: this.rng.uuid(),
      status,
      serviceType: [this.rng.chance(0.5) ? FOLLOW_UP : CHECK_UP],
      start: isoDateTime(start),
      end: isoDateTime(end),
      participant: participants(patient, clinician),
    };
  }

  /** A free time `minDays` to `maxDays` ahead; on a weekday unless it is today. */
  private freeSlot(minDays: number, maxDays: number): { clinician: string; start: Date } {
    for (;;) {
      const offset = this.rng.int(minDays, maxDays);
      const day = addDays(startOfUtcDay(this.now), offset);
      const weekday = day.getUTCDay();
      if (offset > 0 && (weekday === 0 || weekday === 6)) continue;
      const start = new Date(day.getTime() + (8 * 3 + this.rng.int(0, 26)) * 20 * 60_000);
      const clinician = this.rng.pick(this.clinicians);
      const key = `${clinician}|${start.toISOString()}`;
      if (this.taken.has(key)) continue;
      this.taken.add(key);
      return { clinician, start };
    }
  }
}
