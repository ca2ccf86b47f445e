/**
 * Vital signs at every visit. Each patient has a stable body (height percentile, baseline BMI,
 * blood pressure) and visits vary around it, so weights and pressures drift plausibly over
 * the years instead of jumping about.
 */
import type { Observation } from '@medplum/fhirtypes';
import { ageInYears, daysBetween } from './dates.js';
import { clamp, round } from './fhir.js';
import type { Measurement } from './observations.js';
import { buildObservation, treatmentEffect } from './observations.js';
import type { ClinicalState, RecordContext, Visit } from './types.js';

// Rough growth medians written for this generator (ages in years; cm and kg).
const GROWTH_AGES = [0, 0.25, 0.5, 1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 18];
const HEIGHT = {
  male: [50, 61, 67, 76, 87, 96, 103, 116, 128, 139, 149, 164, 174, 176],
  female: [49, 60, 65, 74, 86, 95, 102, 115, 127, 138, 151, 160, 163, 163],
};
const WEIGHT = {
  male: [3.4, 6.2, 7.9, 9.6, 12.2, 14.3, 16.3, 20.7, 25.6, 31.9, 39.9, 50.8, 61.3, 70],
  female: [3.3, 5.7, 7.3, 8.9, 11.5, 13.9, 16, 20.2, 25.6, 31.9, 41.5, 49.4, 54, 56.6],
};

function interpolate(values: readonly number[], age: number): number {
  for (let i = 1; i < GROWTH_AGES.length; i++) {
    const hi = GROWTH_AGES[i] as number;
    if (age <= hi) {
      const lo = GROWTH_AGES[i - 1] as number;
      const t = (age - lo) / (hi - lo);
      return (values[i - 1] as number) + t * ((values[i] as number) - (values[i - 1] as number));
    }
  }
  return values[values.length - 1] as number;
}

const BP_PANEL = { loinc: '85354-9', display: 'Blood pressure panel with all children optional' };

export function buildVitals(
  ctx: RecordContext,
  visits: readonly Visit[],
  clinical: ClinicalState,
): Observation[] {
  const { rng, profile } = ctx;
  const { sex } = profile;
  const heightZ = clamp(rng.normal(0, 1), -2.2, 2.2);
  const weightZ = clamp(rng.normal(0, 1), -2, 2.5);
  const adultHeight =
    (sex === 'male' ? 176 : 162.5) + heightZ * 6.5 - Math.max(0, profile.age - 70) * 0.15;
  const baseBmi = clinical.has('obesity')
    ? rng.float(30.5, 38)
    : clamp(rng.normal(25, 2.8), 19, 29.5);
  const driftPerYear = rng.normal(0, 0.8);
  const heartRate = rng.normal(0, 5);
  const hypertensive = clinical.has('hypertension');
  const systolic = hypertensive ? rng.normal(150, 5) : rng.normal(0, 6);
  const diastolic = hypertensive ? rng.normal(94, 3) : rng.normal(0, 4);
  const out: Observation[] = [];

  for (const visit of visits) {
    const age = ageInYears(profile.birth, visit.start);
    const years = daysBetween(ctx.windowStart, visit.start) / 365.25;
    const child = age < 18;
    const height = child
      ? interpolate(HEIGHT[sex], age) * (1 + 0.035 * heightZ)
      : adultHeight + rng.normal(0, 0.3);
    const weight = child
      ? interpolate(WEIGHT[sex], age) * (1 + 0.1 * weightZ) * (1 + rng.normal(0, 0.01))
      : baseBmi * square(adultHeight / 100) +
        driftPerYear * years -
        2 * treatmentEffect(clinical.treatmentStart('diabetes'), visit.start, 365) +
        rng.normal(0, 0.6);
    const add = (m: Measurement): void => {
      out.push(buildObservation(ctx, { category: 'vital-signs', visit, measurement: m }));
    };

    if (age >= 3) {
      const bp = child
        ? { sys: (age < 13 ? 97 + age : 110) + systolic, dia: (age < 13 ? 60 : 68) + diastolic }
        : adultPressure(age, hypertensive, systolic, diastolic, clinical, visit);
      out.push(
        buildObservation(ctx, {
          category: 'vital-signs',
          visit,
          panel: {
            ...BP_PANEL,
            components: [
              mm('8480-6', 'Systolic blood pressure', bp.sys + rng.normal(0, 4)),
              mm('8462-4', 'Diastolic blood pressure', bp.dia + rng.normal(0, 3)),
            ],
          },
        }),
      );
    }
    // Follow-ups are brief: pressure and weight; pulse is taken at check-ups and sick visits.
    if (visit.kind !== 'follow-up') {
      add({
        loinc: '8867-4',
        display: 'Heart rate',
        value: round(restingHeartRate(age) + heartRate + rng.normal(0, 4)),
        unit: '/min',
      });
    }
    add({ loinc: '29463-7', display: 'Body weight', value: round(weight, 1), unit: 'kg' });
    // Adults are measured for height at check-ups; children at every visit.
    if (child || visit.kind === 'wellness') {
      add({ loinc: '8302-2', display: 'Body height', value: round(height, 1), unit: 'cm' });
      if (age >= 2) {
        const bmi = round(weight, 1) / square(round(height, 1) / 100);
        add({
          loinc: '39156-5',
          display: 'Body mass index (BMI) [Ratio]',
          value: round(bmi, 1),
          unit: 'kg/m2',
        });
      }
    }
  }
  return out;
}

function mm(loinc: string, display: string, value: number): Measurement {
  return { loinc, display, value: round(value), unit: 'mm[Hg]' };
}

/** Adult pressure rises gently with age; lisinopril brings a hypertensive reading down. */
function adultPressure(
  age: number,
  hypertensive: boolean,
  systolic: number,
  diastolic: number,
  clinical: ClinicalState,
  visit: Visit,
): { sys: number; dia: number } {
  if (!hypertensive) {
    return { sys: Math.min(134, 112 + 0.3 * (age - 18)) + systolic, dia: 74 + diastolic };
  }
  const effect = treatmentEffect(clinical.treatmentStart('hypertension'), visit.start, 90);
  return { sys: systolic - 16 * effect, dia: diastolic - 9 * effect };
}

function restingHeartRate(age: number): number {
  if (age < 1) return 130;
  if (age < 4) return 112;
  if (age < 7) return 100;
  if (age < 13) return 88;
  return 72;
}

/** x² by multiplication: exact and identical on every platform, unlike pow. */
function square(x: number): number {
  return x * x;
}
