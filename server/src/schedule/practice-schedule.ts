/**
 * The practice's calendar as staff read it (DATA-11): the appointments between two instants,
 * soonest first, each with its patient's name. Read through the gate with the staff member's
 * repository, so the `scheduling` row of the role table decides who sees it, and the desk's
 * view is the masked one (no reasons). Reasons are left out for everyone: a day list is for
 * finding who comes when, the chart is for why.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { AppError } from '../errors/app-error.js';
import { parseSearch } from '../fhir/search/search-request.js';
import { patientsSeen } from '../gate/patients-seen.js';
import type { RecordRepository } from '../gate/record-repository.js';
import { patientCompartmentOf } from '../records/compartment.js';
import { patientDisplayName } from '../records/system-patient-reader.js';

export interface ScheduleEntry {
  id: string;
  status: Appointment['status'];
  start: string;
  end?: string;
  kind: string;
  with: string[];
  /** The patient, or null for time booked without one (a meeting, a blocked hour). */
  patientId: string | null;
  /** Null when the staff member may not see who the patient is: the time is still taken. */
  patientName: string | null;
}

/** The longest span one call reads: a week, the widest a day-by-day calendar asks for. */
const MAX_SPAN_MS = 7 * 86_400_000;
/** Pages of 200 at most: a week of a large practice's calendar, not a scan. */
const MAX_PAGES = 10;

export async function appointmentsBetween(
  repository: RecordRepository,
  from: Date,
  to: Date,
): Promise<ScheduleEntry[]> {
  assertSpan(from, to);
  const appointments: Appointment[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const plan = parseSearch('Appointment', [
      ['date', `ge${from.toISOString()}`],
      ['date', `lt${to.toISOString()}`],
      ['_sort', 'date'],
      ['_count', '200'],
      ['_offset', String(page * 200)],
    ]);
    const found = await repository.search(plan);
    appointments.push(...(found.resources as Appointment[]));
    if (!found.more) break;
  }
  const patientIds = appointments
    .map((a) => patientCompartmentOf(a))
    .filter((id) => id !== undefined);
  const patients = await patientsSeen(repository, [...new Set(patientIds)]);
  return appointments
    .map((appointment) => {
      const patientId = patientCompartmentOf(appointment) ?? null;
      const patient = patientId ? patients.get(patientId) : undefined;
      return entryOf(appointment, patientId, patient ? patientDisplayName(patient) : null);
    })
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

function assertSpan(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime())) invalid('/from', 'must be a date and time');
  if (Number.isNaN(to.getTime())) invalid('/to', 'must be a date and time');
  if (to.getTime() <= from.getTime()) invalid('/to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_SPAN_MS)
    invalid('/to', 'must be at most 7 days after from');
}

function invalid(location: string, message: string): never {
  throw new AppError('validation_failed', 'The period asked for is not valid.', [
    { location, message },
  ]);
}

function entryOf(
  appointment: Appointment,
  patientId: string | null,
  patientName: string | null,
): ScheduleEntry {
  const kinds = [...(appointment.serviceType ?? []), appointment.appointmentType];
  return {
    id: appointment.id ?? '',
    status: appointment.status,
    start: appointment.start ?? '',
    ...(appointment.end ? { end: appointment.end } : {}),
    kind: kinds.map((c) => c?.text ?? c?.coding?.[0]?.display ?? '').find(Boolean) ?? '',
    with: appointment.participant
      .map((p) => p.actor)
      .filter((actor) => !actor?.reference?.startsWith('Patient/'))
      .map((actor) => actor?.display ?? '')
      .filter(Boolean),
    patientId,
    patientName,
  };
}
