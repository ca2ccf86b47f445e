/**
 * Field masks (ACC-2): roles that see a Patient or an Appointment for administrative work (front
 * desk, billing, practice administration, privacy) get only the fields that work needs.
 */
import type { FieldMask } from './access-types.js';

/**
 * The Patient fields administrative work needs: who the patient is and how to reach them.
 * Left out on purpose: `extension` and `modifierExtension` (they carry race, ethnicity, birth
 * sex, gender identity), `text` and `contained` (free narrative can hold anything), `meta`
 * (security labels name sensitive categories), `photo`, `deceased[x]` and `multipleBirth[x]`.
 */
export const PATIENT_ADMIN_FIELDS: readonly string[] = [
  'resourceType',
  'id',
  'identifier',
  'active',
  'name',
  'telecom',
  'gender',
  'birthDate',
  'address',
  'contact',
  'communication',
  'generalPractitioner',
  'managingOrganization',
];

/** The mask for administrative roles reading a Patient. */
export const PATIENT_ADMIN_MASK: FieldMask = {
  resourceType: 'Patient',
  allow: PATIENT_ADMIN_FIELDS,
};

/**
 * The Appointment fields booking work needs: when, with whom, what kind of visit, its status and
 * what the patient was told to bring. Left out on purpose: `reasonCode` and `reasonReference`
 * (why the patient comes is clinical), `description` and `comment` (free text that usually says
 * why), `supportingInformation` and `basedOn` (they point at clinical records), `text`,
 * `contained`, the extensions and `meta` (labels).
 */
export const APPOINTMENT_ADMIN_FIELDS: readonly string[] = [
  'resourceType',
  'id',
  'identifier',
  'status',
  'cancelationReason',
  'serviceCategory',
  'serviceType',
  'specialty',
  'appointmentType',
  'priority',
  'start',
  'end',
  'minutesDuration',
  'slot',
  'created',
  'patientInstruction',
  'participant',
  'requestedPeriod',
];

const APPOINTMENT_ADMIN_MASK: FieldMask = {
  resourceType: 'Appointment',
  allow: APPOINTMENT_ADMIN_FIELDS,
};

/** The mask for each type administrative roles see only in part. */
export const ADMIN_MASKS: Readonly<Record<string, FieldMask>> = {
  Patient: PATIENT_ADMIN_MASK,
  Appointment: APPOINTMENT_ADMIN_MASK,
};

/**
 * The masks whose hidden fields are clinical (why a patient comes to an appointment): the whole
 * resource is only for those who may see the patient's clinical data (a clinician who treats
 * them, a proxy with the `read` scope and no teen exclusions); everyone else who reaches it sees
 * it through this mask.
 */
export const CLINICAL_FIELD_MASKS: Readonly<Record<string, FieldMask>> = {
  Appointment: APPOINTMENT_ADMIN_MASK,
};

/**
 * A copy of `resource` keeping only the mask's top-level fields and its version (the input is
 * not changed; nested values are shared, not copied). No mask means the whole resource. A resource of
 * another type than the mask's is a caller's mistake and throws rather than leaking fields.
 */
export function applyFieldMask<T extends Record<string, unknown>>(
  resource: T,
  mask: FieldMask | undefined,
): Partial<T> {
  if (mask === undefined) return resource;
  if (resource.resourceType !== mask.resourceType) {
    throw new Error(`field mask for ${mask.resourceType} applied to another resource type`);
  }
  const allowed = new Set(mask.allow);
  const kept = Object.fromEntries(Object.entries(resource).filter(([key]) => allowed.has(key)));
  // The version is kept (a client needs it for If-Match), never the labels, tags or profiles.
  const meta = resource.meta as { versionId?: string; lastUpdated?: string } | undefined;
  if (meta?.versionId !== undefined) {
    kept.meta = {
      versionId: meta.versionId,
      ...(meta.lastUpdated !== undefined ? { lastUpdated: meta.lastUpdated } : {}),
    };
  }
  return kept as Partial<T>;
}
