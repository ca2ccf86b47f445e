/**
 * The Patients of `ids` an actor may see, found by one `_id` search per 200 (each one
 * transaction, audited like any search) instead of one read each; those the gate refuses are
 * simply absent, so a list of requests or appointments leaves them out or shows them unnamed.
 */
import type { Patient } from '@medplum/fhirtypes';
import { parseSearch } from '../fhir/search/search-request.js';
import type { RecordRepository } from './record-repository.js';

export async function patientsSeen(
  repository: RecordRepository,
  ids: readonly string[],
): Promise<Map<string, Patient>> {
  const seen = new Map<string, Patient>();
  for (let start = 0; start < ids.length; start += 200) {
    const chunk = ids.slice(start, start + 200);
    const plan = parseSearch('Patient', [
      ['_id', chunk.join(',')],
      ['_count', String(chunk.length)],
    ]);
    for (const patient of (await repository.search(plan)).resources as Patient[]) {
      if (patient.id) seen.set(patient.id, patient);
    }
  }
  return seen;
}
