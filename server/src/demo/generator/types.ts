/**
 * Public shapes of the demo generator, plus the internal types its record builders share.
 */
import type { Patient, Reference, Resource } from '@medplum/fhirtypes';
import type { StaffRole } from '../../identity/roles.js';
import type { ConditionKey } from './condition-catalog.js';
import type { City } from './name-lists.js';
import type { Rng } from './prng.js';

export interface DemoOptions {
  seed: number;
  patientCount: number;
  /** The reference "today": every generated clinical date lies before it. */
  now: Date;
}

export interface DemoStaffMember {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  role: StaffRole;
  licence?: { number: string; state: string; expires: string };
}

export interface DemoPatient {
  patient: Patient;
  /** Everything in the patient's compartment, not including the Patient itself. */
  resources: Resource[];
}

export interface DemoPractice {
  name: string;
  slug: string;
  staff: DemoStaffMember[];
  patients: DemoPatient[];
}

/** Body sex drives growth curves and sex-specific care; administrative gender is separate. */
export type BodySex = 'female' | 'male';

export interface PatientProfile {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  gender: NonNullable<Patient['gender']>;
  sex: BodySex;
  birth: Date;
  /** Completed years on `now`. */
  age: number;
  city: City;
  /** Conditions this patient must have (used to guarantee the practice's clinical mix). */
  forced: readonly ConditionKey[];
}

export type VisitKind = 'wellness' | 'well-child' | 'follow-up' | 'sick';

export interface Visit {
  id: string;
  start: Date;
  end: Date;
  kind: VisitKind;
  /** Scheduled age of a well-child visit, in months; immunisations are given at these. */
  ageMonths?: number;
  /** Condition that brought a sick visit about. */
  reason?: ConditionKey;
}

/** What every record builder needs to know about the patient being generated. */
export interface RecordContext {
  rng: Rng;
  now: Date;
  /** Start of the visit history this practice holds (a few years back). */
  windowStart: Date;
  profile: PatientProfile;
  subject: Reference<Patient>;
  /** Display names of the practice's clinicians, for notes and encounter participants. */
  clinicians: readonly string[];
}

/** What labs and vitals need to know about the patient's conditions and treatment. */
export interface ClinicalState {
  has(key: ConditionKey): boolean;
  onset(key: ConditionKey): Date | undefined;
  /** When treatment for the condition began, if it is treated with a medication. */
  treatmentStart(key: ConditionKey): Date | undefined;
}
