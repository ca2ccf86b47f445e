/**
 * Picks and orders what a record summary lists: active problems, current medications,
 * allergies, immunizations, and the latest result of each test. Pure functions, so the
 * summary component only lays out.
 */
import type {
  AllergyIntolerance,
  Condition,
  Immunization,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Resource,
} from '@medplum/fhirtypes';
import { resourceDate } from './fhir-text';
import { testKey } from './test-name';

function newestFirst<T extends Resource>(list: T[]): T[] {
  return [...list].sort((a, b) => (resourceDate(b) ?? '').localeCompare(resourceDate(a) ?? ''));
}

function ofType<K extends Resource['resourceType']>(resources: Resource[], type: K) {
  return resources.filter((r) => r.resourceType === type) as Extract<
    Resource,
    { resourceType: K }
  >[];
}

const ACTIVE_CLINICAL = new Set(['active', 'recurrence', 'relapse']);

export function activeProblems(resources: Resource[]): Condition[] {
  return newestFirst(
    ofType(resources, 'Condition').filter((c) => {
      const status = c.clinicalStatus?.coding?.[0]?.code;
      const refuted = c.verificationStatus?.coding?.[0]?.code === 'entered-in-error';
      return !refuted && (status === undefined || ACTIVE_CLINICAL.has(status));
    }),
  );
}

export type Medication = MedicationRequest | MedicationStatement;

export function currentMedications(resources: Resource[]): Medication[] {
  const requests = ofType(resources, 'MedicationRequest').filter((m) =>
    ['active', 'on-hold', 'draft'].includes(m.status),
  );
  const statements = ofType(resources, 'MedicationStatement').filter((m) =>
    ['active', 'intended', 'on-hold'].includes(m.status),
  );
  return newestFirst<Medication>([...requests, ...statements]);
}

export function allergies(resources: Resource[]): AllergyIntolerance[] {
  return ofType(resources, 'AllergyIntolerance').filter((a) => {
    const status = a.clinicalStatus?.coding?.[0]?.code;
    const error = a.verificationStatus?.coding?.[0]?.code === 'entered-in-error';
    return !error && status !== 'resolved' && status !== 'inactive';
  });
}

export function immunizations(resources: Resource[]): Immunization[] {
  return newestFirst(
    ofType(resources, 'Immunization').filter((i) => i.status !== 'entered-in-error'),
  );
}

/** The latest Observation of each code (a panel counts as one code). */
export function latestPerCode(resources: Resource[]): Observation[] {
  const latest = new Map<string, Observation>();
  for (const obs of newestFirst(ofType(resources, 'Observation'))) {
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    const key = testKey(obs.code) || (obs.id ?? '');
    if (!latest.has(key)) latest.set(key, obs);
  }
  return [...latest.values()];
}
