/**
 * The open record's appointments as the portal lists them: those to come, soonest first, and
 * past ones, newest first. Pure, so the split and the words chosen are tested without a page.
 */
import type { Appointment, Reference, Resource } from '@medplum/fhirtypes';
import { codeText } from '../../records/fhir-text';

export interface AppointmentEntry {
  id: string;
  status: Appointment['status'];
  start: string;
  end?: string;
  /** The kind of visit (check-up, follow-up...), or '' when the practice did not say. */
  kind: string;
  /** Who the visit is with, as the practice named them. */
  with: string[];
  where: string[];
  reason: string;
  instruction: string;
  cancelReason: string;
}

export interface AppointmentLists {
  upcoming: AppointmentEntry[];
  past: AppointmentEntry[];
}

/** Splits at `now`: a visit already begun counts as past once it has ended. */
export function appointmentLists(resources: readonly Resource[], now: Date): AppointmentLists {
  const entries = resources
    .filter((r): r is Appointment => r.resourceType === 'Appointment' && r.start !== undefined)
    .map(entryOf);
  const ended = (e: AppointmentEntry) => Date.parse(e.end ?? e.start) < now.getTime();
  const byStart = (a: AppointmentEntry, b: AppointmentEntry) =>
    Date.parse(a.start) - Date.parse(b.start);
  return {
    upcoming: entries.filter((e) => !ended(e)).sort(byStart),
    past: entries.filter(ended).sort((a, b) => byStart(b, a)),
  };
}

function entryOf(appointment: Appointment): AppointmentEntry {
  const others = appointment.participant
    .flatMap((p): Reference[] => (p.actor ? [p.actor] : []))
    .filter((actor) => typeOf(actor) !== 'Patient');
  const names = (actors: Reference[]) => actors.map((a) => a.display ?? '').filter(Boolean);
  return {
    id: appointment.id ?? '',
    status: appointment.status,
    start: appointment.start ?? '',
    ...(appointment.end ? { end: appointment.end } : {}),
    kind:
      (appointment.serviceType ?? []).map(codeText).find(Boolean) ??
      codeText(appointment.appointmentType),
    with: names(others.filter((a) => !isPlace(a))),
    where: names(others.filter(isPlace)),
    reason: (appointment.reasonCode ?? []).map(codeText).filter(Boolean).join('; '),
    instruction: appointment.patientInstruction ?? '',
    cancelReason: appointment.status === 'cancelled' ? codeText(appointment.cancelationReason) : '',
  };
}

/** The type an actor names, by its reference or its `type`; a bare display names a person. */
function typeOf(actor: Reference): string | undefined {
  return actor.reference?.split('/')[0] ?? actor.type;
}

function isPlace(actor: Reference): boolean {
  const type = typeOf(actor);
  return type === 'Location' || type === 'HealthcareService';
}
