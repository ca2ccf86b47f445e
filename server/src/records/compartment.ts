/**
 * The patient compartment a resource belongs to, which decides its encryption key. A Patient is
 * its own compartment; clinical resources name their patient in `subject`, `patient` or
 * `beneficiary`; scheduling resources among their actors (R4 CompartmentDefinition "patient":
 * Appointment.participant.actor, AppointmentResponse.actor, Schedule.actor). Resources outside
 * any compartment (Organization, Practitioner, Slot...) use the tenant key.
 */
import type { Reference, Resource } from '@medplum/fhirtypes';

const PATIENT_REFERENCE = /^Patient\/([0-9a-f-]{36})$/;

export function patientCompartmentOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  // With several patients named the first decides; validation refuses such a resource
  // (compartmentProblem), so none is ever stored.
  return patientsNamedBy(resource)[0];
}

/**
 * Why `resource` cannot be kept in one patient's record, or undefined. An appointment or a
 * schedule naming two patients would belong to two compartments, sealed under two keys and seen
 * through two patients' consents; Haven keeps one appointment per patient instead (a group
 * visit is one Appointment each), so such a resource is refused rather than filed under one.
 */
export function compartmentProblem(
  resource: Resource,
): { location: string; message: string } | undefined {
  if (new Set(patientsNamedBy(resource)).size <= 1) return undefined;
  return {
    location: compartmentLocation(resource.resourceType),
    message: 'names more than one patient; book one per patient',
  };
}

/** Where a resource of `resourceType` names its patient, for error locations. */
export function compartmentLocation(resourceType: string): string {
  return `${resourceType}.${PATIENT_FIELD[resourceType] ?? 'subject'}`;
}

const PATIENT_FIELD: Record<string, string> = {
  Task: 'for',
  Appointment: 'participant',
  AppointmentResponse: 'actor',
  Schedule: 'actor',
  AllergyIntolerance: 'patient',
  Claim: 'patient',
  ClaimResponse: 'patient',
  Consent: 'patient',
  Coverage: 'beneficiary',
  FamilyMemberHistory: 'patient',
  Immunization: 'patient',
  RelatedPerson: 'patient',
};

/** The patient ids `resource` files itself under, in the order it names them. */
function patientsNamedBy(resource: Resource): string[] {
  return compartmentReferences(resource).flatMap((reference) => {
    const id = reference?.reference ? PATIENT_REFERENCE.exec(reference.reference)?.[1] : undefined;
    return id ? [id] : [];
  });
}

function compartmentReferences(resource: Resource): (Reference | undefined)[] {
  switch (resource.resourceType) {
    // A Task's patient is in `for` (R4: Task.patient is Task.for).
    case 'Task':
      return [resource.for];
    case 'Appointment':
      return (resource.participant ?? []).map((p) => p.actor);
    case 'AppointmentResponse':
      return [resource.actor];
    case 'Schedule':
      return resource.actor ?? [];
    default: {
      const holder = resource as {
        subject?: Reference;
        patient?: Reference;
        beneficiary?: Reference;
      };
      return [
        [holder.subject, holder.patient, holder.beneficiary].find(
          (r) => r?.reference !== undefined,
        ),
      ];
    }
  }
}
