/**
 * The shared Observation builder and the rule that keeps interpretation flags honest: the flag
 * is always computed from the rounded value and the reference range, never chosen separately.
 */
import type { Observation, ObservationComponent, Quantity } from '@medplum/fhirtypes';
import { isoDateTime } from './dates.js';
import { SYSTEM, codeable, quantity } from './fhir.js';
import type { RecordContext, Visit } from './types.js';
import { visitRef } from './visits.js';

export type Flag = 'H' | 'L' | 'N';

const FLAG_DISPLAY: Record<Flag, string> = { H: 'High', L: 'Low', N: 'Normal' };

export function interpret(value: number, low: number, high: number): Flag {
  if (value < low) return 'L';
  if (value > high) return 'H';
  return 'N';
}

export interface Measurement {
  loinc: string;
  display: string;
  value: number;
  unit: string;
  /** Reference range; when present the observation gets an H/L/N interpretation. */
  range?: { low: number; high: number };
}

export interface ObservationArgs {
  category: 'vital-signs' | 'laboratory';
  visit: Visit;
  /** When the measurement was taken; defaults to the start of the visit. */
  at?: Date;
  /** Panels (blood pressure) have a code of their own and components instead of a value. */
  panel?: { loinc: string; display: string; components: Measurement[] };
  measurement?: Measurement;
}

export function buildObservation(ctx: RecordContext, args: ObservationArgs): Observation {
  const code = args.panel ?? args.measurement;
  if (!code) throw new Error('observation needs a measurement or a panel');
  const categoryDisplay = args.category === 'vital-signs' ? 'Vital Signs' : 'Laboratory';
  const obs: Observation = {
    resourceType: 'Observation',
    id: ctx.rng.uuid(),
    status: 'final',
    category: [codeable(SYSTEM.observationCategory, args.category, categoryDisplay)],
    code: codeable(SYSTEM.loinc, code.loinc, code.display),
    subject: ctx.subject,
    encounter: visitRef(args.visit),
    effectiveDateTime: isoDateTime(args.at ?? args.visit.start),
  };
  if (args.measurement) Object.assign(obs, valueParts(args.measurement));
  if (args.panel) {
    obs.component = args.panel.components.map((m): ObservationComponent => ({
      code: codeable(SYSTEM.loinc, m.loinc, m.display),
      ...valueParts(m),
    }));
  }
  return obs;
}

function valueParts(m: Measurement): {
  valueQuantity: Quantity;
  referenceRange?: Observation['referenceRange'];
  interpretation?: Observation['interpretation'];
} {
  const valueQuantity = quantity(m.value, m.unit);
  if (!m.range) return { valueQuantity };
  const flag = interpret(m.value, m.range.low, m.range.high);
  return {
    valueQuantity,
    referenceRange: [{ low: quantity(m.range.low, m.unit), high: quantity(m.range.high, m.unit) }],
    interpretation: [codeable(SYSTEM.interpretation, flag, FLAG_DISPLAY[flag])],
  };
}

/** Reads the flag back from a built observation (used for report conclusions and notes). */
export function flagOf(obs: Observation): Flag | undefined {
  return obs.interpretation?.[0]?.coding?.[0]?.code as Flag | undefined;
}

/**
 * How far treatment has taken effect at a date: 0 before it starts, rising linearly to 1
 * over `days`. Labs and blood pressure use this to improve plausibly after a prescription.
 */
export function treatmentEffect(start: Date | undefined, at: Date, days: number): number {
  if (!start || at.getTime() < start.getTime()) return 0;
  return Math.min(1, (at.getTime() - start.getTime()) / (days * 86_400_000));
}
