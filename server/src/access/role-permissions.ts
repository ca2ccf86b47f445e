/**
 * Minimum necessary (ACC-2) as data: FHIR resource types grouped into categories, and what each
 * staff role may do in each category. A reviewer reads this table, not the decision's code, to
 * know who sees what. A type missing here is reached by no one (deny by default).
 */
import type { StaffRole } from '../identity/roles.js';
import type { AccessAction } from './access-types.js';

/** Groups of FHIR resource types that are granted together. */
export const RESOURCE_CATEGORIES = [
  'demographics',
  'clinical',
  'notes',
  'results',
  'medications',
  'scheduling',
  'availability',
  'messaging',
  'coverage',
  'consent',
  'requests',
  'forms',
  'directory',
] as const;
/** One group of resource types. */
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

/**
 * Categories holding health information: they need clinical clearance and a care relationship
 * (or break-the-glass). Messages are here because patients write about their health in them.
 */
export const CLINICAL_CATEGORIES: readonly ResourceCategory[] = [
  'clinical',
  'notes',
  'results',
  'medications',
  'messaging',
];

const TYPES_BY_CATEGORY: Record<ResourceCategory, readonly string[]> = {
  demographics: ['Patient', 'RelatedPerson'],
  clinical: [
    'AllergyIntolerance',
    'CarePlan',
    'CareTeam',
    'Condition',
    'Encounter',
    'FamilyMemberHistory',
    'Goal',
    'Immunization',
    'Procedure',
    'QuestionnaireResponse',
    'ServiceRequest',
  ],
  notes: ['ClinicalImpression', 'Composition', 'DocumentReference'],
  results: ['DiagnosticReport', 'ImagingStudy', 'Observation', 'Specimen'],
  medications: [
    'MedicationAdministration',
    'MedicationDispense',
    'MedicationRequest',
    'MedicationStatement',
  ],
  scheduling: ['Appointment', 'AppointmentResponse'],
  // When the practice's clinicians and rooms can be booked: their schedules and the slots in
  // them. About no one patient (a slot says free or busy, never for whom).
  availability: ['Schedule', 'Slot'],
  messaging: ['Communication', 'CommunicationRequest'],
  coverage: ['Account', 'ChargeItem', 'Claim', 'ClaimResponse', 'Coverage', 'Invoice'],
  consent: ['Consent'],
  // What a patient asks the practice to do about their record (change their name, birth date or
  // gender). Not clinical: a request carries identity data, which the desk handles.
  requests: ['Task'],
  // The practice's own questionnaires (what it asks before a visit): about no one patient. The
  // answers, QuestionnaireResponse, are clinical.
  forms: ['Questionnaire'],
  // The practice's people and places, and the trail of where records came from: about no one
  // patient, so outside every patient compartment.
  directory: ['Location', 'Organization', 'Practitioner', 'PractitionerRole', 'Provenance'],
};

const CATEGORY_OF_TYPE: ReadonlyMap<string, ResourceCategory> = new Map(
  RESOURCE_CATEGORIES.flatMap((category) =>
    TYPES_BY_CATEGORY[category].map((type) => [type, category] as const),
  ),
);

/** Every resource type some role may reach, sorted (the FHIR API's CapabilityStatement). */
export function accessibleResourceTypes(): string[] {
  return [...CATEGORY_OF_TYPE.keys()].sort();
}

/** The category of a FHIR resource type, or undefined for a type no one is granted. */
export function categoryOf(resourceType: string): ResourceCategory | undefined {
  return CATEGORY_OF_TYPE.get(resourceType);
}

const READ: readonly AccessAction[] = ['read', 'search'];
const WRITE: readonly AccessAction[] = ['read', 'search', 'create', 'update'];
const ALL: readonly AccessAction[] = ['read', 'search', 'create', 'update', 'delete', 'export'];

/**
 * What each staff role may do, per category. Clinical categories are granted to clinical roles
 * only; nurses cannot delete or export. Billing sees who the patient is and their coverage and
 * claims, never notes or results. Practice administrators and privacy officers run the practice
 * and its consents, not care, so they see no clinical data here. Researchers see nothing
 * identifiable: research goes through the de-identified export (SHARE-8, SHARE-9).
 * `platform_admin` is not a practice role, so it has no row and is refused.
 */
export const ROLE_PERMISSIONS: Record<
  StaffRole,
  Partial<Record<ResourceCategory, readonly AccessAction[]>>
> = {
  clinician: {
    demographics: WRITE,
    clinical: ALL,
    notes: ALL,
    results: ALL,
    medications: ALL,
    scheduling: WRITE,
    availability: WRITE,
    messaging: WRITE,
    consent: READ,
    requests: WRITE,
    forms: WRITE,
    directory: READ,
  },
  nurse: {
    demographics: WRITE,
    clinical: WRITE,
    notes: WRITE,
    results: WRITE,
    medications: WRITE,
    scheduling: WRITE,
    availability: READ,
    messaging: WRITE,
    consent: READ,
    requests: WRITE,
    forms: WRITE,
    directory: READ,
  },
  front_desk: {
    demographics: WRITE,
    scheduling: WRITE,
    availability: WRITE,
    coverage: WRITE,
    // Front desk collects signed consent forms, but cannot change one once recorded.
    consent: ['read', 'search', 'create'],
    requests: WRITE,
    forms: READ,
    directory: READ,
  },
  billing: { demographics: READ, coverage: WRITE, directory: READ },
  practice_admin: {
    demographics: READ,
    scheduling: READ,
    availability: WRITE,
    requests: READ,
    forms: WRITE,
    directory: WRITE,
  },
  // Accepting a patient's request rewrites their Patient, which is the desk's or a clinician's
  // to do; the privacy officer sees the requests (RIGHT-8: answered in time) and their answers.
  privacy_officer: { demographics: READ, consent: WRITE, requests: READ, directory: READ },
  researcher: {},
};
