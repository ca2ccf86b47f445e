/**
 * One patient's whole chart, built in dependency order: demographics, conditions, the visits
 * those imply, then everything recorded at or because of those visits.
 */
import type { Resource } from '@medplum/fhirtypes';
import { buildAllergies } from './allergies.js';
import type { ConditionKey } from './condition-catalog.js';
import { buildConditions, chooseConditions } from './conditions.js';
import { buildImmunizations } from './immunizations.js';
import { buildLabs } from './labs.js';
import { buildMedications } from './medications.js';
import { buildCarePlans, buildNotes } from './notes.js';
import { buildPatient } from './people.js';
import { reference } from './fhir.js';
import type { Rng } from './prng.js';
import type { ClinicalState, DemoPatient, PatientProfile, RecordContext } from './types.js';
import { buildEncounter, planVisits, wellChildSchedule } from './visits.js';
import { buildVitals } from './vitals.js';

export interface PracticeEnv {
  now: Date;
  windowStart: Date;
  clinicians: readonly string[];
  /** Emails already given out, so two patients never share one. */
  usedEmails: Set<string>;
}

export function generatePatientRecord(
  rng: Rng,
  profile: PatientProfile,
  env: PracticeEnv,
): DemoPatient {
  const patient = buildPatient(rng, profile, env.usedEmails);
  const ctx: RecordContext = {
    rng,
    now: env.now,
    windowStart: env.windowStart,
    profile,
    subject: reference('Patient', profile.id),
    clinicians: env.clinicians,
  };
  const keys = chooseConditions(ctx);
  const schedule = wellChildSchedule(ctx);
  const visits = planVisits(ctx, keys, schedule);
  const encounters = visits.map((v) => buildEncounter(ctx, v));
  const conditions = buildConditions(ctx, keys, visits);
  const allergies = buildAllergies(ctx, visits);
  const meds = buildMedications(ctx, conditions, allergies.keys.has('penicillin'));

  const present = new Set<ConditionKey>(conditions.map((c) => c.def.key));
  const clinical: ClinicalState = {
    has: (key) => present.has(key),
    onset: (key) => conditions.find((c) => c.def.key === key)?.onset,
    treatmentStart: (key) => meds.starts.get(key),
  };
  const vitals = buildVitals(ctx, visits, clinical);
  const labs = buildLabs(ctx, visits, clinical);
  const immunizations = buildImmunizations(ctx, visits, schedule);
  const carePlans = buildCarePlans(ctx, conditions);

  const resources: Resource[] = [
    ...encounters,
    ...conditions.map((c) => c.resource),
    ...allergies.resources,
    ...meds.resources,
    ...vitals,
    ...labs.observations,
    ...labs.reports,
    ...immunizations,
    ...carePlans,
  ];
  resources.push(...buildNotes(ctx, visits, conditions, resources));
  return { patient, resources };
}
