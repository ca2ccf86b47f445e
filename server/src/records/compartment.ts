/**
 * The patient compartment a resource belongs to, which decides its encryption key. A Patient is
 * its own compartment; clinical resources name their patient in `subject`, `patient` or
 * `beneficiary`. Resources outside any compartment (Organization, Practitioner...) use the
 * tenant key. The records issue extends this to FHIR's full CompartmentDefinition.
 */
import type { Resource } from '@medplum/fhirtypes';

const PATIENT_REFERENCE = /^Patient\/([0-9a-f-]{36})$/;

export function patientCompartmentOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const holder = resource as {
    subject?: { reference?: string };
    patient?: { reference?: string };
    beneficiary?: { reference?: string };
  };
  // A Task's patient is in `for` (R4 CompartmentDefinition: Task.patient is Task.for).
  const reference =
    resource.resourceType === 'Task'
      ? resource.for?.reference
      : (holder.subject?.reference ?? holder.patient?.reference ?? holder.beneficiary?.reference);
  return reference ? PATIENT_REFERENCE.exec(reference)?.[1] : undefined;
}
