/**
 * Records of one type by id, as an actor may see them: one `_id` search per 200 (each one
 * transaction, audited like any search) instead of one read each; those the gate refuses are
 * simply absent, so a list of requests, appointments or conversations leaves them out or shows
 * them unnamed.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import { parseSearch } from '../fhir/search/search-request.js';
import type { RecordRepository } from './record-repository.js';

export async function recordsSeen(
  repository: RecordRepository,
  resourceType: string,
  ids: readonly string[],
): Promise<Resource[]> {
  const seen: Resource[] = [];
  for (let start = 0; start < ids.length; start += 200) {
    const chunk = ids.slice(start, start + 200);
    const plan = parseSearch(resourceType, [
      ['_id', chunk.join(',')],
      ['_count', String(chunk.length)],
    ]);
    seen.push(...(await repository.search(plan)).resources);
  }
  return seen;
}

/** The Patients of `ids` an actor may see, by id. */
export async function patientsSeen(
  repository: RecordRepository,
  ids: readonly string[],
): Promise<Map<string, Patient>> {
  const patients = (await recordsSeen(repository, 'Patient', ids)) as Patient[];
  return new Map(patients.flatMap((p) => (p.id ? [[p.id, p] as const] : [])));
}
