/**
 * The patient's copy of their record (RIGHT-1, and the portable half of RIGHT-2): every current
 * record of the open record that the person may see, as one FHIR R4 `collection` Bundle. Read
 * through the gate as an `export`, so it holds exactly what the portal pages may show (a result
 * the patient chose to see later is not in it yet; a teenager's guardian gets no confidential
 * care) and each type is in the audit log, which the patient sees.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { fullUrl } from '../fhir/rest/fhir-bundles.js';
import type { RecordRepository } from '../gate/record-repository.js';

export async function recordCopy(
  repository: RecordRepository,
  patientId: string,
  now: Date,
  /** The FHIR API's base address, which makes each entry's `fullUrl` absolute (R4). */
  base: string,
): Promise<Bundle> {
  const resources = await repository.searchPatient(patientId, undefined, 'export');
  // The Patient first, then by type and id: the same record gives the same file.
  const ordered = [...resources].sort((a, b) => rank(a) - rank(b) || key(a).localeCompare(key(b)));
  // No `total` (R4's bdl-1 allows it only on search sets and histories) and no empty `entry`.
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: now.toISOString(),
    ...(ordered.length > 0
      ? { entry: ordered.map((resource) => ({ fullUrl: fullUrl(base, resource), resource })) }
      : {}),
  };
}

/** The file's name: the date only, never a name or an identifier (it may be seen in a list). */
export function recordCopyFileName(now: Date): string {
  return `health-record-${now.toISOString().slice(0, 10)}.json`;
}

const rank = (resource: Resource) => (resource.resourceType === 'Patient' ? 0 : 1);
const key = (resource: Resource) => `${resource.resourceType}/${resource.id ?? ''}`;
