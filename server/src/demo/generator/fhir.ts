/**
 * Code-system URLs and tiny builders for FHIR datatypes, so the record files read as clinical
 * content rather than JSON plumbing.
 */
import type {
  CodeableConcept,
  Coding,
  Meta,
  Quantity,
  Reference,
  Resource,
} from '@medplum/fhirtypes';

export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  ucum: 'http://unitsofmeasure.org',
  mrn: 'urn:haven:mrn',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  v2ContactRole: 'http://terminology.hl7.org/CodeSystem/v2-0131',
  v2DiagnosticService: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
  carePlanCategory: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
  documentCategory: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category',
} as const;

/**
 * Sensitivity labels (v3 ActCode) that later privacy features key on: mental health,
 * substance use, HIV, and sexual/reproductive health.
 */
export type SensitivityLabel = 'PSY' | 'ETH' | 'HIV' | 'SEX';

export function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

export function codeable(
  system: string,
  code: string,
  display: string,
  text?: string,
): CodeableConcept {
  return { coding: [coding(system, code, display)], text: text ?? display };
}

/** A literal reference such as `Patient/<id>`, typed by its target so FHIR fields accept it. */
export function reference<K extends Resource['resourceType']>(
  resourceType: K,
  id: string,
  display?: string,
): Reference<Extract<Resource, { resourceType: K }>> {
  const ref: Reference<Extract<Resource, { resourceType: K }>> = {
    reference: `${resourceType}/${id}`,
  };
  if (display !== undefined) ref.display = display;
  return ref;
}

export function quantity(value: number, unit: string, code = unit): Quantity {
  return { value, unit, system: SYSTEM.ucum, code };
}

/** meta.security for the given labels, or undefined when there are none (no empty arrays). */
export function securityMeta(labels: Iterable<SensitivityLabel>): Meta | undefined {
  const unique = [...new Set(labels)].sort();
  if (unique.length === 0) return undefined;
  return { security: unique.map((code) => ({ system: SYSTEM.actCode, code })) };
}

/** Rounds to a fixed number of decimals without floating-point tails (7.000000001). */
export function round(value: number, decimals = 0): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
