/**
 * The patient's copy of their record (RIGHT-1, and the portable half of RIGHT-2): every current
 * record of the open record that the person may see, as one FHIR R4 `collection` Bundle. Read
 * through the gate as an `export`, so it holds exactly what the portal pages may show (a result
 * the patient chose to see later is not in it yet; a teenager's guardian gets no confidential
 * care) and each type is in the audit log, which the patient sees.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { RecordRepository } from '../gate/record-repository.js';

export async function recordCopy(
  repository: RecordRepository,
  patientId: string,
  now: Date,
): Promise<Bundle> {
  const resources = await repository.searchPatient(patientId, undefined, 'export');
  // The Patient first, then by type and id: the same record gives the same file.
  const ordered = [...resources].sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)));
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now.toISOString(),
    total: ordered.length,
    entry: ordered.map((resource) => ({ fullUrl: key(resource), resource })),
  };
}

/** The file's name: the date only, never a name or an identifier (it may be seen in a list). */
export function recordCopyFileName(now: Date): string {
  return `health-record-${now.toISOString().slice(0, 10)}.json`;
}

const rank = (resource: Resource) => (resource.resourceType === 'Patient' ? 0 : 1);
const key = (resource: Resource) => `${resource.resourceType}/${resource.id ?? ''}`;
