/**
 * Search over HTTP: the query string in order (repeated parameters kept), `_include` of the
 * patient and `_revinclude` of what points at a patient, paging links, and `Patient/$everything`.
 * Included resources go through the gate like matches; what the actor may not see is left out.
 */
import type { FastifyRequest } from 'fastify';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { AppError } from '../../errors/app-error.js';
import type { RecordRepository } from '../../gate/record-repository.js';
import { patientCompartmentOf } from '../../records/compartment.js';
import { parseSearch } from '../search/search-request.js';
import { searchSet } from './fhir-bundles.js';

export async function searchResponse(
  repo: RecordRepository,
  base: string,
  request: FastifyRequest,
  resourceType: string,
): Promise<Bundle> {
  const url = new URL(request.url, 'http://haven.invalid');
  const query = [...url.searchParams.entries()];
  const plan = parseSearch(resourceType, query);
  const page = await repo.search(plan);
  const included: Resource[] = [];
  for (const include of plan.include) {
    assertPatientLink(include, resourceType, '_include');
    const patients = new Set(page.resources.map((r) => patientCompartmentOf(r)).filter(Boolean));
    for (const id of patients) {
      const patient = await repo.read('Patient', id as string).catch(() => undefined);
      if (patient) included.push(patient);
    }
  }
  for (const revinclude of plan.revinclude) {
    if (resourceType !== 'Patient') {
      throw new AppError('validation_failed', '_revinclude is supported on Patient searches.', [
        { location: '_revinclude', message: 'needs a Patient search' },
      ]);
    }
    const [sourceType] = revinclude.split(':');
    assertPatientLink(revinclude, sourceType ?? '', '_revinclude');
    for (const patient of page.resources) {
      included.push(...(await repo.searchPatient(patient.id as string, [sourceType as string])));
    }
  }
  const self = `${base}/${resourceType}${url.search}`;
  let next: string | undefined;
  if (page.more) {
    const params = new URLSearchParams(url.searchParams);
    params.set('_offset', String(plan.offset + plan.count));
    next = `${base}/${resourceType}?${params.toString()}`;
  }
  return searchSet(base, page.resources, included, { self, next });
}

/** `Patient/$everything`: the patient and every record of theirs the actor may see. */
export async function everything(repo: RecordRepository, base: string, id: string) {
  const patient = await repo.read('Patient', id);
  const records = await repo.searchPatient(id);
  const rest = records.filter((r) => !(r.resourceType === 'Patient' && r.id === patient.id));
  return searchSet(base, [patient, ...rest], [], { self: `${base}/Patient/${id}/$everything` });
}

/** Only links to the patient are supported: `Observation:patient` (or `:subject`). */
function assertPatientLink(value: string, resourceType: string, location: string): void {
  const [type, param] = value.split(':');
  if ((type !== resourceType && type !== '*') || (param !== 'patient' && param !== 'subject')) {
    throw new AppError('validation_failed', `Only ${location} of the patient is supported.`, [
      { location, message: `use ${resourceType}:patient` },
    ]);
  }
}
