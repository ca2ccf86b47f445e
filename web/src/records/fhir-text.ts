/**
 * Turns FHIR resources into the short words people read: a code's name, a value with its
 * unit, a reference range, an abnormal flag spelled out. Shared by the portal and the staff
 * console so both show a record the same way.
 */
import type {
  CodeableConcept,
  Observation,
  ObservationReferenceRange,
  Quantity,
  Resource,
} from '@medplum/fhirtypes';
import type { Language } from '../i18n/i18n';
import { recordsMessages } from './messages';

/** The human name of a code: its text, else the first coding's display, else its code. */
export function codeText(cc?: CodeableConcept): string {
  if (!cc) return '';
  if (cc.text) return cc.text;
  for (const c of cc.coding ?? []) if (c.display) return c.display;
  return cc.coding?.[0]?.code ?? '';
}

function trimNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

const UNIT_WORDS: Record<string, string> = { 'mm[Hg]': 'mmHg', 'kg/m2': 'kg/m²' };

/** A unit as people write it (UCUM "mm[Hg]" reads "mmHg"). */
export function unitText(unit: string | undefined): string {
  if (!unit) return '';
  return UNIT_WORDS[unit] ?? unit;
}

function quantityText(q?: Quantity): string {
  if (q?.value === undefined) return '';
  const unit = unitText(q.unit ?? q.code);
  const comparator = q.comparator ?? '';
  return `${comparator}${trimNumber(q.value)}${unit ? ` ${unit}` : ''}`;
}

type ValueHolder = Pick<
  Observation,
  | 'valueQuantity'
  | 'valueString'
  | 'valueCodeableConcept'
  | 'valueBoolean'
  | 'valueInteger'
  | 'valueRange'
  | 'valueRatio'
  | 'dataAbsentReason'
>;

function singleValue(v: ValueHolder): string {
  if (v.valueQuantity) return quantityText(v.valueQuantity);
  if (v.valueString !== undefined) return v.valueString;
  if (v.valueCodeableConcept) return codeText(v.valueCodeableConcept);
  if (v.valueBoolean !== undefined) return v.valueBoolean ? 'Yes' : 'No';
  if (v.valueInteger !== undefined) return String(v.valueInteger);
  if (v.valueRange) return `${quantityText(v.valueRange.low)}–${quantityText(v.valueRange.high)}`;
  if (v.valueRatio) {
    return `${quantityText(v.valueRatio.numerator)}/${quantityText(v.valueRatio.denominator)}`;
  }
  if (v.dataAbsentReason) return codeText(v.dataAbsentReason);
  return '';
}

/** A result's value with its unit; for panels such as blood pressure, "120/80 mmHg". */
export function observationValue(obs: Observation): string {
  const own = singleValue(obs);
  if (own) return own;
  const parts = (obs.component ?? []).filter((c) => c.valueQuantity?.value !== undefined);
  if (parts.length === 0) return '';
  const units = new Set(parts.map((c) => unitText(c.valueQuantity?.unit)));
  if (units.size === 1) {
    const unit = [...units][0];
    const numbers = parts.map((c) => trimNumber(c.valueQuantity?.value as number)).join('/');
    return unit ? `${numbers} ${unit}` : numbers;
  }
  return parts.map((c) => `${codeText(c.code)} ${quantityText(c.valueQuantity)}`).join('; ');
}

function rangeText(r: ObservationReferenceRange): string {
  if (r.text) return r.text;
  const low = r.low?.value;
  const high = r.high?.value;
  const unit = unitText(r.low?.unit ?? r.high?.unit);
  const suffix = unit ? ` ${unit}` : '';
  if (low !== undefined && high !== undefined) {
    return `${trimNumber(low)}–${trimNumber(high)}${suffix}`;
  }
  if (low !== undefined) return `≥ ${trimNumber(low)}${suffix}`;
  if (high !== undefined) return `≤ ${trimNumber(high)}${suffix}`;
  return '';
}

/** The value and the unit apart, for tables with a unit column ("120/80" and "mmHg"). */
export function observationParts(obs: Observation): { value: string; unit: string } {
  const unit = unitText(
    obs.valueQuantity
      ? (obs.valueQuantity.unit ?? obs.valueQuantity.code)
      : obs.component?.[0]?.valueQuantity?.unit,
  );
  const text = observationValue(obs);
  if (unit && text.endsWith(` ${unit}`)) return { value: text.slice(0, -unit.length - 1), unit };
  return { value: text, unit: '' };
}

/** The reference range in words ("4–5.6 %"); for panels, each component's range joined. */
export function referenceRangeText(obs: Observation): string {
  const own = (obs.referenceRange ?? []).map(rangeText).filter(Boolean);
  if (own.length > 0) return own.join('; ');
  const parts = (obs.component ?? [])
    .map((c) => (c.referenceRange ?? []).map(rangeText).filter(Boolean).join(', '))
    .filter(Boolean);
  return parts.join(' / ');
}

export type AbnormalFlag = 'high' | 'low' | 'abnormal' | 'critical' | undefined;

const FLAG_BY_CODE: Record<string, AbnormalFlag> = {
  H: 'high',
  HH: 'critical',
  HU: 'high',
  L: 'low',
  LL: 'critical',
  LU: 'low',
  A: 'abnormal',
  AA: 'critical',
  POS: 'abnormal',
  DET: 'abnormal',
  R: 'abnormal',
};

/**
 * The abnormal flag from `interpretation` (also looked for on components), with its label in
 * words so colour is never the only signal. Normal results have flag undefined.
 */
export function abnormalFlag(
  obs: Observation,
  language: Language = 'en',
): { flag: AbnormalFlag; label: string } {
  const codes = [
    ...(obs.interpretation ?? []),
    ...(obs.component ?? []).flatMap((c) => c.interpretation ?? []),
  ].flatMap((cc) => (cc.coding ?? []).map((c) => (c.code ?? '').toUpperCase()));
  const flags = codes
    .map((code) => FLAG_BY_CODE[code])
    .filter(Boolean) as NonNullable<AbnormalFlag>[];
  const order: NonNullable<AbnormalFlag>[] = ['critical', 'high', 'low', 'abnormal'];
  const flag = order.find((f) => flags.includes(f));
  const words = recordsMessages[language];
  if (flag) return { flag, label: words[`flag_${flag}`] };
  if (codes.includes('N')) return { flag: undefined, label: words.flag_normal };
  return { flag: undefined, label: '' };
}

/** True when the resource was changed after it was first final (status corrected/amended). */
export function isCorrected(resource: Resource): boolean {
  const status = (resource as { status?: string }).status;
  return status === 'corrected' || status === 'amended';
}

/** The clinically meaningful date of a resource, for sorting and showing. */
export function resourceDate(resource: Resource): string | undefined {
  const r = resource as Record<string, unknown> & Resource;
  const period = (value: unknown) => (value as { start?: string } | undefined)?.start;
  const candidates: unknown[] = [
    r.effectiveDateTime,
    period(r.effectivePeriod),
    r.effectiveInstant,
    r.issued,
    r.occurrenceDateTime,
    r.recordedDate,
    r.onsetDateTime,
    period(r.onsetPeriod),
    r.authoredOn,
    r.dateAsserted,
    r.date,
    period(r.period),
    r.created,
    r.meta?.lastUpdated,
  ];
  for (const value of candidates) if (typeof value === 'string' && value) return value;
  return undefined;
}
