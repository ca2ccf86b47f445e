/**
 * Immunisations by age: the childhood series on the well-child schedule, adolescent vaccines
 * at 11 and 16, a yearly flu shot for many, and shingles/pneumococcal vaccines for older
 * adults. Doses before the practice's records begin are kept: they are the patient's history.
 */
import type { Immunization } from '@medplum/fhirtypes';
import {
  addDays,
  addMonths,
  clinicTime,
  daysBetween,
  isoDateTime,
  startOfUtcDay,
} from './dates.js';
import { SYSTEM, codeable } from './fhir.js';
import type { RecordContext, Visit } from './types.js';
import { visitRef } from './visits.js';

interface Vaccine {
  cvx: string;
  display: string;
}

const V = {
  hepB: { cvx: '08', display: 'hepatitis B vaccine, pediatric or pediatric/adolescent dosage' },
  rotavirus: { cvx: '116', display: 'rotavirus, live, pentavalent' },
  dtap: { cvx: '20', display: 'DTaP' },
  hib: { cvx: '49', display: 'Hib (PRP-OMP)' },
  pcv13: { cvx: '133', display: 'pneumococcal conjugate PCV 13' },
  ipv: { cvx: '10', display: 'IPV' },
  mmr: { cvx: '03', display: 'MMR' },
  varicella: { cvx: '21', display: 'varicella' },
  hepA: { cvx: '83', display: 'hepatitis A vaccine, pediatric/adolescent dosage, 2 dose schedule' },
  tdap: { cvx: '115', display: 'Tdap' },
  menacwy: { cvx: '114', display: 'meningococcal MCV4P' },
  hpv9: { cvx: '165', display: 'HPV9' },
  flu: { cvx: '140', display: 'Influenza, seasonal, injectable, preservative free' },
  ppsv23: { cvx: '33', display: 'pneumococcal polysaccharide PPV23' },
  zoster: { cvx: '187', display: 'zoster vaccine recombinant' },
} satisfies Record<string, Vaccine>;

/** Childhood schedule: well-child visit age in months → vaccines given at that visit. */
const CHILD_SCHEDULE: readonly (readonly [number, readonly Vaccine[]])[] = [
  [0, [V.hepB]],
  [1, [V.hepB]],
  [2, [V.dtap, V.ipv, V.hib, V.pcv13, V.rotavirus]],
  [4, [V.dtap, V.ipv, V.hib, V.pcv13, V.rotavirus]],
  [6, [V.dtap, V.ipv, V.pcv13, V.rotavirus, V.hepB]],
  [12, [V.mmr, V.varicella, V.hepA, V.hib, V.pcv13]],
  [15, [V.dtap]],
  [18, [V.hepA]],
  [48, [V.dtap, V.ipv, V.mmr, V.varicella]],
  [132, [V.tdap, V.menacwy, V.hpv9]],
  [144, [V.hpv9]],
  [192, [V.menacwy]],
];

export function buildImmunizations(
  ctx: RecordContext,
  visits: readonly Visit[],
  schedule: ReadonlyMap<number, Date>,
): Immunization[] {
  const { rng, profile, now, windowStart } = ctx;
  const out: Immunization[] = [];
  const give = (vaccine: Vaccine, at: Date, visit?: Visit): void => {
    out.push({
      resourceType: 'Immunization',
      id: rng.uuid(),
      status: 'completed',
      vaccineCode: codeable(SYSTEM.cvx, vaccine.cvx, vaccine.display),
      patient: ctx.subject,
      ...(visit && { encounter: visitRef(visit) }),
      occurrenceDateTime: isoDateTime(at),
      primarySource: visit !== undefined,
    });
  };
  const visitOn = (at: Date): Visit | undefined =>
    visits.find((v) => v.start.getTime() === at.getTime());

  // A few families decline vaccines; everyone else follows the schedule.
  if (profile.age < 18 && rng.chance(0.95)) {
    for (const [months, vaccines] of CHILD_SCHEDULE) {
      const at = schedule.get(months);
      if (!at) continue;
      for (const vaccine of vaccines) give(vaccine, at, visitOn(at));
    }
  }

  // Flu season: a shot each autumn in the records window, from six months of age.
  const fluChance = profile.age < 18 || profile.age >= 65 ? 0.75 : 0.5;
  const today = startOfUtcDay(now);
  for (let year = windowStart.getUTCFullYear(); year <= now.getUTCFullYear(); year++) {
    const day = addDays(new Date(Date.UTC(year, 8, 15)), rng.int(0, 75));
    const ok = day >= windowStart && daysBetween(day, today) >= 1;
    if (ok && day >= addMonths(profile.birth, 6) && rng.chance(fluChance)) {
      give(V.flu, clinicTime(day, rng));
    }
  }

  if (profile.age >= 18) {
    const adultVisits = visits.filter((v) => v.kind !== 'sick');
    if (adultVisits.length > 0 && rng.chance(0.3)) {
      const visit = rng.pick(adultVisits);
      give(V.tdap, visit.start, visit);
    }
    if (profile.age >= 50 && rng.chance(0.45)) {
      // Two doses two to six months apart; the second only if it has already happened.
      const first = clinicTime(addDays(windowStart, rng.int(0, 700)), rng);
      give(V.zoster, first);
      const second = clinicTime(addDays(first, rng.int(60, 180)), rng);
      if (daysBetween(second, today) >= 1) give(V.zoster, second);
    }
    if (profile.age >= 65 && adultVisits.length > 0 && rng.chance(0.6)) {
      const visit = adultVisits[0] as Visit;
      give(V.ppsv23, visit.start, visit);
    }
  }
  return out.sort((a, b) => (a.occurrenceDateTime ?? '').localeCompare(b.occurrenceDateTime ?? ''));
}
