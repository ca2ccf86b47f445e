/**
 * Laboratory results for adults, grouped into DiagnosticReports. Values come from a per-patient
 * model (a diabetic's HbA1c rises until diagnosis and falls once metformin starts; a statin
 * lowers cholesterol), so repeated tests draw a believable trend.
 */
import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { ageInYears, daysBetween, isoDateTime } from './dates.js';
import { SYSTEM, clamp, codeable, reference, round } from './fhir.js';
import type { Measurement } from './observations.js';
import { buildObservation, flagOf, treatmentEffect } from './observations.js';
import type { ClinicalState, RecordContext, Visit } from './types.js';
import { visitRef } from './visits.js';

interface LabDef {
  loinc: string;
  display: string;
  unit: string;
  low: number;
  high: number;
  decimals: number;
}

const lab = (
  loinc: string,
  display: string,
  unit: string,
  low: number,
  high: number,
  decimals = 0,
): LabDef => ({ loinc, display, unit, low, high, decimals });

export const LABS = {
  hba1c: lab('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', 4, 5.6, 1),
  glucose: lab('2345-7', 'Glucose [Mass/volume] in Serum or Plasma', 'mg/dL', 70, 99),
  cholesterol: lab('2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'mg/dL', 100, 199),
  ldl: lab(
    '18262-6',
    'Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay',
    'mg/dL',
    0,
    99,
  ),
  hdl: lab('2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', 'mg/dL', 40, 100),
} as const;

const LIPID_PANEL = { loinc: '57698-3', display: 'Lipid panel with direct LDL - Serum or Plasma' };

/** How each report is titled for people. */
const REPORT_NAMES: Record<string, string> = {
  '4548-4': 'Hemoglobin A1c',
  '2345-7': 'Fasting glucose',
  '57698-3': 'Lipid panel',
};

export interface LabResult {
  observations: Observation[];
  reports: DiagnosticReport[];
}

export function buildLabs(
  ctx: RecordContext,
  visits: readonly Visit[],
  clinical: ClinicalState,
): LabResult {
  const { rng, profile } = ctx;
  const result: LabResult = { observations: [], reports: [] };
  if (profile.age < 18) return result;
  const diabetic = clinical.has('diabetes');
  const prediabetic = clinical.has('prediabetes');
  const hyperlipidemic = clinical.has('hyperlipidemia');
  const a1c = a1cModel(ctx, clinical);
  const lipids = lipidModel(ctx, clinical);

  for (const visit of visits) {
    if (visit.kind === 'sick' || ageInYears(profile.birth, visit.start) < 18) continue;
    const drawn = new Date(visit.start.getTime() + 15 * 60_000);
    const measure = (def: LabDef, value: number): Observation =>
      buildObservation(ctx, {
        category: 'laboratory',
        visit,
        at: drawn,
        measurement: measurement(def, value),
      });
    const file = (observations: Observation[], code: LabDef | typeof LIPID_PANEL, text: string) =>
      report(ctx, result, { visit, drawn, observations, code, text });
    const wellness = visit.kind === 'wellness';

    if ((diabetic && visit.kind === 'follow-up') || ((diabetic || prediabetic) && wellness)) {
      // HbA1c at every diabetes visit (the trend); fasting glucose alongside at check-ups.
      const value = round(a1c(visit.start), 1);
      const results = [measure(LABS.hba1c, value)];
      if (wellness) results.push(measure(LABS.glucose, glucoseFor(value, rng.normal(0, 5))));
      const goal =
        value < 7 ? 'At the treatment goal (below 7%).' : 'Above the treatment goal of 7%.';
      const status = diabetic ? goal : 'Consistent with prediabetes (5.7–6.4%).';
      file(results, LABS.hba1c, `${summarise(results)} ${status}`);
    } else if (wellness && profile.age >= 35 && rng.chance(0.4)) {
      const g = measure(LABS.glucose, glucoseFor(a1c(visit.start), rng.normal(0, 5)));
      file([g], LABS.glucose, summarise([g]));
    }

    const lipidChance = hyperlipidemic || diabetic ? 1 : profile.age >= 40 ? 0.4 : 0.2;
    const lipidFollowUp = hyperlipidemic && visit.kind === 'follow-up' && rng.chance(0.5);
    if ((wellness && rng.chance(lipidChance)) || lipidFollowUp) {
      const v = lipids(visit.start);
      const panel = [LABS.cholesterol, LABS.ldl, LABS.hdl].map((def, i) =>
        measure(def, [v.total, v.ldl, v.hdl][i] as number),
      );
      file(panel, LIPID_PANEL, summarise(panel));
    }
  }
  return result;
}

function measurement(def: LabDef, value: number): Measurement {
  return {
    loinc: def.loinc,
    display: def.display,
    unit: def.unit,
    value: round(value, def.decimals),
    range: { low: def.low, high: def.high },
  };
}

interface ReportArgs {
  visit: Visit;
  drawn: Date;
  observations: Observation[];
  code: { loinc: string; display: string };
  text: string;
}

function report(ctx: RecordContext, result: LabResult, args: ReportArgs): void {
  result.observations.push(...args.observations);
  result.reports.push({
    resourceType: 'DiagnosticReport',
    id: ctx.rng.uuid(),
    status: 'final',
    category: [codeable(SYSTEM.v2DiagnosticService, 'LAB', 'Laboratory')],
    code: codeable(SYSTEM.loinc, args.code.loinc, args.code.display, REPORT_NAMES[args.code.loinc]),
    subject: ctx.subject,
    encounter: visitRef(args.visit),
    effectiveDateTime: isoDateTime(args.drawn),
    result: args.observations.map((o) => reference('Observation', o.id as string)),
    conclusion: args.text,
  });
}

/** "HbA1c 7.8 % (high); glucose 152 mg/dL (high)." — names the flag of each result. */
function summarise(observations: readonly Observation[]): string {
  const parts = observations.map((o) => {
    const q = o.valueQuantity;
    const flag = flagOf(o);
    const word = flag === 'H' ? ' (high)' : flag === 'L' ? ' (low)' : '';
    return `${SHORT_NAMES[o.code?.coding?.[0]?.code ?? ''] ?? o.code?.text}: ${q?.value} ${q?.unit}${word}`;
  });
  const abnormal = observations.some((o) => flagOf(o) !== 'N');
  return `${parts.join('; ')}. ${abnormal ? 'Abnormal results flagged.' : 'All results within reference range.'}`;
}

const SHORT_NAMES: Record<string, string> = {
  '4548-4': 'HbA1c',
  '2345-7': 'Glucose',
  '2093-3': 'Total cholesterol',
  '18262-6': 'LDL cholesterol',
  '2085-9': 'HDL cholesterol',
};

/** Fasting glucose tracks HbA1c through the estimated-average-glucose relation. */
function glucoseFor(a1c: number, noise: number): number {
  return clamp(0.9 * (28.7 * a1c - 46.7) + noise, 65, 320);
}

function a1cModel(ctx: RecordContext, clinical: ClinicalState): (at: Date) => number {
  const { rng, windowStart } = ctx;
  if (clinical.has('diabetes')) {
    const untreated = clamp(rng.normal(8.3, 0.45), 7.3, 9.6);
    // Metformin and lifestyle lower HbA1c by roughly 1 to 1.5 points.
    const target = Math.max(untreated - 1.6, clamp(rng.normal(6.9, 0.3), 6.3, 7.6));
    const start = clinical.treatmentStart('diabetes') ?? clinical.onset('diabetes');
    const longStanding = start !== undefined && start.getTime() < windowStart.getTime();
    return (at) => {
      const noise = rng.normal(0, 0.12);
      if (!start || at.getTime() < start.getTime()) {
        const yearsBefore = start ? daysBetween(at, start) / 365.25 : 0;
        return Math.max(5.9, untreated - 0.5 * yearsBefore + noise);
      }
      // Long-standing diabetes creeps upwards despite treatment: also a trend worth drawing.
      const creep = longStanding ? 0.18 * (daysBetween(windowStart, at) / 365.25) : 0;
      return untreated + (target - untreated) * treatmentEffect(start, at, 270) + creep + noise;
    };
  }
  if (clinical.has('prediabetes')) {
    const base = clamp(rng.normal(6.0, 0.15), 5.75, 6.3);
    return () => clamp(base + rng.normal(0, 0.08), 5.7, 6.4);
  }
  const base = clamp(rng.normal(5.2, 0.15), 4.7, 5.5);
  return () => clamp(base + rng.normal(0, 0.06), 4.5, 5.6);
}

function lipidModel(ctx: RecordContext, clinical: ClinicalState) {
  const { rng, profile } = ctx;
  const high = clinical.has('hyperlipidemia');
  const untreated = high
    ? clamp(rng.normal(252, 12), 225, 290)
    : clamp(rng.normal(175 + 0.4 * (profile.age - 40), 15), 135, 205);
  const hdl =
    profile.sex === 'male' ? clamp(rng.normal(47, 6), 32, 70) : clamp(rng.normal(57, 7), 38, 85);
  const triglycerides = clamp(rng.normal(high ? 185 : 125, 25), 60, 300);
  const statin = clinical.treatmentStart('hyperlipidemia');
  return (at: Date) => {
    const total = untreated * (1 - 0.27 * treatmentEffect(statin, at, 120)) + rng.normal(0, 5);
    const h = hdl + rng.normal(0, 2);
    return { total, hdl: h, ldl: Math.max(35, total - h - triglycerides / 5 + rng.normal(0, 3)) };
  };
}
