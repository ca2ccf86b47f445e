/**
 * Every relative reference a written resource makes (`Practitioner/<id>`, `Encounter/<id>`...)
 * must name a resource stored in the same practice: a reference to another practice's record,
 * or to nothing, is refused (422) rather than stored pointing nowhere. Resources created earlier
 * in the same transaction Bundle count as stored.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { patientCompartmentOf } from '../records/compartment.js';

const RELATIVE =
  /^([A-Z][A-Za-z]{1,63})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

interface FoundReference {
  type: string;
  id: string;
  location: string;
}

/** Throws 422 naming the first references that resolve to nothing in this practice. */
export async function assertReferencesResolve(
  tx: Tx,
  tenantId: string,
  resource: Resource,
  created: ReadonlySet<string> = new Set(),
): Promise<void> {
  // The patient the record belongs to is the gate's to check, after its decision: a refusal
  // there is a 404 whether or not the patient exists, which this check must not undo.
  const own = patientCompartmentOf(resource)?.toLowerCase();
  const wanted = referencesOf(resource, resource.resourceType).filter(
    (r) =>
      !created.has(`${r.type}/${r.id}`) &&
      !(r.type === resource.resourceType && r.id === resource.id) &&
      !(r.type === 'Patient' && r.id === own),
  );
  if (wanted.length === 0) return;
  const rows = await tx
    .selectFrom('fhir_current')
    .select(['resource_type', 'id'])
    .where('tenant_id', '=', tenantId)
    .where('deleted', '=', false)
    .where('id', 'in', [...new Set(wanted.map((r) => r.id))])
    .execute();
  const stored = new Set(rows.map((r) => `${r.resource_type}/${r.id}`));
  const missing = wanted.filter((r) => !stored.has(`${r.type}/${r.id}`));
  if (missing.length === 0) return;
  throw new AppError(
    'unprocessable',
    'The resource refers to records that do not exist here.',
    missing.slice(0, 10).map((r) => ({
      location: r.location,
      message: 'refers to no stored resource of this practice',
    })),
  );
}

function referencesOf(value: unknown, path: string): FoundReference[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => referencesOf(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const found: FoundReference[] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'contained') continue; // contained resources refer within the resource
    if (key === 'reference' && typeof inner === 'string') {
      const match = RELATIVE.exec(inner);
      if (match)
        found.push({ type: match[1]!, id: match[2]!.toLowerCase(), location: `${path}.reference` });
      continue;
    }
    found.push(...referencesOf(inner, `${path}.${key}`));
  }
  return found;
}
