/**
 * One OBX to an Observation's result fields: the value by OBX-2 type, units (OBX-6), the
 * reference range (OBX-7), abnormal flags (OBX-8) as v3 ObservationInterpretation codes, the
 * status (OBX-11) and the effective time (OBX-14). A value type Haven does not map (RP, ED...)
 * is stored as an Observation without a value and dataAbsentReason `unsupported`, so the
 * report still shows that the result exists.
 */
import type {
  CodeableConcept,
  Observation,
  ObservationReferenceRange,
  Quantity,
} from '@medplum/fhirtypes';
import type { Hl7Segment } from '@medplum/core';
import { FeedError } from './hl7-ack.js';
import { codeableConcept, codingSystem } from './hl7-codes.js';
import { fhirDateTime } from './hl7-dates.js';
import { repetitions, text } from './hl7-text.js';

const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
// HL7 table 0078 codes that are the same code in v3 ObservationInterpretation.
const FLAGS = new Set([
  'L',
  'H',
  'LL',
  'HH',
  '<',
  '>',
  'N',
  'A',
  'AA',
  'U',
  'D',
  'B',
  'W',
  'S',
  'R',
  'I',
  'MS',
  'VS',
  'NEG',
  'POS',
  'IND',
  'HU',
  'LU',
]);
const STATUS: Readonly<Record<string, Observation['status']>> = {
  C: 'corrected',
  D: 'entered-in-error',
  W: 'entered-in-error',
  F: 'final',
  U: 'final',
  P: 'preliminary',
  R: 'preliminary',
  S: 'preliminary',
  I: 'registered',
  O: 'registered',
  X: 'cancelled',
  N: 'cancelled',
};
const NUMBER = /^([<>]=?)?\s*([+-]?(?:\d+\.?\d*|\.\d+))$/;

/** Observation.status of an OBX-11 result status (absent: `unknown`). */
export function observationStatus(code: string): Observation['status'] {
  return STATUS[code.toUpperCase()] ?? 'unknown';
}

function quantity(
  raw: string,
  unit: CodeableConcept | undefined,
  unitCode: string,
  unitSystem: string,
): Quantity | undefined {
  const m = NUMBER.exec(raw.trim());
  if (!m) return undefined;
  const system = codingSystem(unitSystem);
  return {
    value: Number(m[2]),
    ...(m[1] ? { comparator: m[1] as Quantity['comparator'] } : {}),
    ...(unit?.text || unitCode ? { unit: unit?.text ?? unitCode } : {}),
    ...(system === 'http://unitsofmeasure.org' && unitCode ? { system, code: unitCode } : {}),
  };
}

/** OBX-7 (`3.5-5.0`, `<200`, `>10`, or free text) as a reference range. */
export function referenceRange(raw: string, unit: string): ObservationReferenceRange | undefined {
  const range = raw.trim();
  if (!range) return undefined;
  const q = (n: string) => ({ value: Number(n), ...(unit ? { unit } : {}) });
  const between = /^([+-]?\d+\.?\d*)\s*-\s*([+-]?\d+\.?\d*)$/.exec(range);
  if (between) return { low: q(between[1]!), high: q(between[2]!), text: range };
  const upper = /^<=?\s*([+-]?\d+\.?\d*)$/.exec(range);
  if (upper) return { high: q(upper[1]!), text: range };
  const lower = /^>=?\s*([+-]?\d+\.?\d*)$/.exec(range);
  if (lower) return { low: q(lower[1]!), text: range };
  return { text: range };
}

/** OBX-8 repetitions as interpretations; a flag outside the shared codes keeps its text only. */
function interpretation(obx: Hl7Segment): CodeableConcept[] {
  return repetitions(obx, 8).map((flag) => {
    const code = text(flag[0]).toUpperCase();
    return FLAGS.has(code)
      ? { coding: [{ system: INTERPRETATION, code }] }
      : { text: text(flag[1]) || code };
  });
}

/** The value fields of an OBX (one of value[x], or dataAbsentReason). */
function valueOf(obx: Hl7Segment, location: string): Partial<Observation> {
  const type = text(obx.getField(2)?.components[0]?.[0]).toUpperCase();
  const reps = repetitions(obx, 5);
  if (reps.length === 0) return {};
  const unitRep = obx.getField(6)?.components[0] ?? [];
  const unit = codeableConcept(unitRep);
  const joined = reps.map((r) => r.map(text).filter(Boolean).join(' ')).join(', ');
  switch (type) {
    case 'NM': {
      const single =
        reps.length === 1
          ? quantity(text(reps[0]![0]), unit, text(unitRep[0]), text(unitRep[2]))
          : undefined;
      // Several numbers in one OBX cannot be one Quantity: kept as written, never truncated.
      return single ? { valueQuantity: single } : { valueString: joined };
    }
    case 'SN': {
      const [comparator, num] = [text(reps[0]![0]), text(reps[0]![1])];
      const q =
        reps.length === 1 && !text(reps[0]![2])
          ? quantity(`${comparator}${num}`, unit, text(unitRep[0]), text(unitRep[2]))
          : undefined;
      return q ? { valueQuantity: q } : { valueString: joined };
    }
    case 'ST':
    case 'TX':
    case 'FT':
      return { valueString: reps.map((r) => text(r[0])).join('\n') };
    case 'CE':
    case 'CWE':
    case 'CNE': {
      const concept = codeableConcept(reps[0]!);
      return concept ? { valueCodeableConcept: concept } : {};
    }
    case 'DT':
    case 'DTM':
    case 'TS': {
      const when = fhirDateTime(text(reps[0]![0]), location);
      return when ? { valueDateTime: when } : {};
    }
    default:
      return {
        dataAbsentReason: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
              code: 'unsupported',
            },
          ],
        },
      };
  }
}

/** The result fields of one OBX; `sequence` is its place among the message's OBX (for ERR-2). */
export function obxResult(
  obx: Hl7Segment,
  sequence: number,
): Partial<Observation> & { code: CodeableConcept } {
  const at = (field: number) => `OBX^${sequence}^${field}`;
  const code = codeableConcept(obx.getField(3)?.components[0] ?? []);
  if (!code)
    throw new FeedError(
      'AE',
      101,
      `OBX-3 (observation identifier) is missing in OBX ${sequence}.`,
      at(3),
    );
  const unitText =
    codeableConcept(obx.getField(6)?.components[0] ?? [])?.text ??
    text(obx.getField(6)?.components[0]?.[0]);
  const range = referenceRange(text(obx.getField(7)?.components[0]?.[0]), unitText ?? '');
  const flags = interpretation(obx);
  const effective = fhirDateTime(text(obx.getField(14)?.components[0]?.[0]), at(14));
  return {
    code,
    status: observationStatus(text(obx.getField(11)?.components[0]?.[0])),
    ...valueOf(obx, at(5)),
    ...(flags.length ? { interpretation: flags } : {}),
    ...(range ? { referenceRange: [range] } : {}),
    ...(effective ? { effectiveDateTime: effective } : {}),
  };
}
