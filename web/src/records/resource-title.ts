/** The one-line name of any record entry ("Lipid panel", "Naltrexone 50 mg tablet"). */
import type { Resource } from '@medplum/fhirtypes';
import { codeText } from './fhir-text';

export function resourceTitle(resource: Resource): string {
  switch (resource.resourceType) {
    case 'MedicationRequest':
    case 'MedicationStatement':
      return (
        codeText(resource.medicationCodeableConcept) || resource.medicationReference?.display || ''
      );
    case 'Immunization':
      return codeText(resource.vaccineCode);
    case 'DocumentReference':
      return (
        resource.content?.[0]?.attachment.title ?? resource.description ?? codeText(resource.type)
      );
    case 'CarePlan':
      return resource.title ?? codeText(resource.category?.[0]);
    case 'Encounter':
      return codeText(resource.type?.[0]);
    default: {
      const code = (resource as { code?: Parameters<typeof codeText>[0] }).code;
      return codeText(code);
    }
  }
}
