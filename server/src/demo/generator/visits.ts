/**
 * When the patient came in: well-child visits on the usual schedule, yearly check-ups for
 * adults, follow-ups for chronic conditions, and sick visits for acute illnesses.
 */
import type { Encounter } from '@medplum/fhirtypes';
import type { ConditionKey } from './condition-catalog.js';
import { FOLLOW_UP_KEYS, conditionDef } from './condition-catalog.js';
import {
  addDays,
  addMonths,
  clinicTime,
  daysBetween,
  isoDateTime,
  startOfUtcDay,
} from './dates.js';
import { SYSTEM, codeable, coding, reference } from './fhir.js';
import type { RecordContext, Visit, VisitKind } from './types.js';

/** Well-child visit ages in months (newborn check, infancy, then yearly to 17). */
export const WELL_CHILD_MONTHS: readonly number[] = [
  0,
  1,
  2,
  4,
  6,
  9,
  12,
  15,
  18,
  24,
  30,
  36,
  ...Array.from({ length: 14 }, (_, i) => 48 + i * 12),
];

const VISIT_TYPES: Record<VisitKind, { code: string; display: string; minutes: number }> = {
  wellness: { code: '185349003', display: 'Encounter for check up', minutes: 40 },
  'well-child': { code: '410620009', display: 'Well child visit', minutes: 30 },
  'follow-up': { code: '390906007', display: 'Follow-up encounter', minutes: 20 },
  sick: { code: '185345009', display: 'Encounter for symptom', minutes: 20 },
};

/**
 * The date of every scheduled well-child visit up to today, including those before the
 * practice's records begin: immunisation history is dated from these.
 */
export function wellChildSchedule(ctx: RecordContext): Map<number, Date> {
  const { profile, rng, now } = ctx;
  const schedule = new Map<number, Date>();
  if (profile.age >= 18) return schedule;
  const today = startOfUtcDay(now);
  for (const months of WELL_CHILD_MONTHS) {
    const day =
      months === 0
        ? addDays(profile.birth, rng.int(3, 5))
        : addDays(addMonths(profile.birth, months), rng.int(0, 10));
    if (daysBetween(day, today) >= 1) schedule.set(months, clinicTime(day, rng));
  }
  return schedule;
}

export function planVisits(
  ctx: RecordContext,
  conditions: readonly ConditionKey[],
  schedule: ReadonlyMap<number, Date>,
): Visit[] {
  const { rng, profile, now, windowStart } = ctx;
  const today = startOfUtcDay(now);
  const windowDays = daysBetween(windowStart, today);
  // The patient cannot visit before birth (plus a few days for newborns).
  const maxBack = Math.min(windowDays, daysBetween(profile.birth, today) - 3);
  const usedDays = new Set<number>();
  const visits: Visit[] = [];

  const add = (kind: VisitKind, start: Date, extra: Partial<Visit> = {}): void => {
    const end = new Date(start.getTime() + VISIT_TYPES[kind].minutes * 60_000);
    visits.push({ id: rng.uuid(), start, end, kind, ...extra });
  };
  // A day within [minBack, maxBack] days ago that has no visit yet.
  const freeDay = (minBack: number, hi: number): number | undefined => {
    if (hi < minBack) return undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      const back = rng.int(minBack, hi);
      if (!usedDays.has(back)) {
        usedDays.add(back);
        return back;
      }
    }
    return undefined;
  };
  const at = (back: number): Date => clinicTime(addDays(today, -back), rng);

  if (profile.age < 18) {
    for (const [months, date] of schedule) {
      const back = daysBetween(startOfUtcDay(date), today);
      // Teenagers skip the odd yearly check-up.
      if (back > windowDays || (profile.age >= 13 && months >= 144 && !rng.chance(0.8))) continue;
      usedDays.add(back);
      add('well-child', date, { ageMonths: months });
    }
  } else {
    const yearly = profile.age >= 65 ? 0.85 : 0.65;
    for (let year = 0; year < Math.floor(windowDays / 365); year++) {
      const back = rng.chance(yearly)
        ? freeDay(year * 365 + 1, Math.min(maxBack, year * 365 + 364))
        : undefined;
      if (back !== undefined) add('wellness', at(back));
    }
    if (!visits.some((v) => v.kind === 'wellness')) {
      const back = freeDay(1, Math.min(maxBack, 364));
      if (back !== undefined) add('wellness', at(back));
    }
  }

  // Chronic conditions bring people back; diabetes most reliably (for HbA1c checks).
  const followUp = conditions.some((k) => FOLLOW_UP_KEYS.has(k));
  if (followUp) {
    const p = conditions.includes('diabetes') ? 0.95 : 0.45;
    for (let year = 0; year < Math.floor(windowDays / 365); year++) {
      if (!rng.chance(p)) continue;
      const back = freeDay(year * 365 + 1, Math.min(maxBack, year * 365 + 364));
      if (back !== undefined) add('follow-up', at(back));
    }
  }

  for (const key of conditions) {
    if (conditionDef(key).chronic) continue;
    const back = freeDay(1, maxBack);
    if (back !== undefined) add('sick', at(back), { reason: key });
  }
  return visits.sort((a, b) => a.start.getTime() - b.start.getTime());
}

export function buildEncounter(ctx: RecordContext, visit: Visit): Encounter {
  const type = VISIT_TYPES[visit.kind];
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: visit.id,
    status: 'finished',
    class: coding(SYSTEM.actCode, 'AMB', 'ambulatory'),
    type: [codeable(SYSTEM.snomed, type.code, type.display)],
    subject: ctx.subject,
    participant: [{ individual: { display: ctx.rng.pick(ctx.clinicians) } }],
    period: { start: isoDateTime(visit.start), end: isoDateTime(visit.end) },
  };
  if (visit.reason) {
    const def = conditionDef(visit.reason);
    encounter.reasonCode = [codeable(SYSTEM.snomed, def.code, def.display, def.text)];
  }
  return encounter;
}

/** Reference to the encounter a visit produced. */
export function visitRef(visit: Visit) {
  return reference('Encounter', visit.id);
}
