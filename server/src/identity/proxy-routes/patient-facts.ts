/**
 * The two facts proxy access needs about a patient, read from their sealed Patient resource: the
 * date of birth (guardian grants end at 18, a teenager's guardian sees less) and the name, so a
 * page acting for someone always says whose record it shows.
 *
 * This read sits outside the access gate on purpose: it is how access is decided, not an access
 * by an actor to the record. It still runs in the caller's tenant transaction, behind the wall.
 */
import type { HumanName, Patient } from '@medplum/fhirtypes';
import { patientScope, type Keyring } from '../../crypto/index.js';
import type { Tx } from '../../db/transactions.js';
import { unsealResource } from '../../records/record-sealing.js';

/** What proxy access needs to know about one patient. */
export interface PatientFacts {
  patientId: string;
  /** The name to show, or null when the resource names nobody. */
  displayName: string | null;
  /** `YYYY-MM-DD`, or undefined when unknown or only partly known (a year alone). */
  birthDate: string | undefined;
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The stored data keys of these patients in the practice, to fetch before opening the
 * transaction. Keys are only read, never created: a made-up or another practice's patient id
 * must not leave a key behind, and a patient without a key has no readable record anyway.
 */
export async function patientKeys(
  keyring: Keyring,
  tenantId: string,
  patientIds: readonly string[],
): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  for (const patientId of new Set(patientIds)) {
    const key = await keyring.existingDataKey(patientScope(tenantId, patientId));
    if (key) keys.set(patientId, key);
  }
  return keys;
}

/**
 * The facts of each patient whose current Patient resource exists in this practice (not
 * deleted) and whose key is in `keys`; others are simply absent from the answer. `tx` must be a
 * tenant transaction for `tenantId`.
 */
export async function readPatientFacts(
  tx: Tx,
  tenantId: string,
  keys: ReadonlyMap<string, Buffer>,
  patientIds: readonly string[],
): Promise<Map<string, PatientFacts>> {
  const wanted = [...new Set(patientIds)].filter((id) => keys.has(id));
  const facts = new Map<string, PatientFacts>();
  if (wanted.length === 0) return facts;
  const rows = await tx
    .selectFrom('fhir_resource')
    .select(['id', 'version_id', 'deleted', 'sealed'])
    .where('tenant_id', '=', tenantId)
    .where('resource_type', '=', 'Patient')
    .where('id', 'in', wanted)
    .orderBy('id')
    .orderBy('version_id', 'desc')
    .execute();
  const seen = new Set<string>();
  for (const row of rows) {
    // Rows come newest version first: only the current one counts.
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const key = keys.get(row.id);
    if (row.deleted || !key) continue;
    const address = { tenantId, resourceType: 'Patient', id: row.id, version: row.version_id };
    const patient = unsealResource(key, address, row.sealed) as Patient;
    facts.set(row.id, {
      patientId: row.id,
      displayName: displayNameOf(patient),
      birthDate:
        patient.birthDate !== undefined && FULL_DATE.test(patient.birthDate)
          ? patient.birthDate
          : undefined,
    });
  }
  return facts;
}

/** The name to show for a patient: the usual name, else the official one, else the first. */
export function displayNameOf(patient: Patient): string | null {
  const names = patient.name ?? [];
  const name =
    names.find((n) => n.use === 'usual') ?? names.find((n) => n.use === 'official') ?? names[0];
  return name ? formatName(name) : null;
}

function formatName(name: HumanName): string | null {
  if (name.text?.trim()) return name.text.trim();
  const parts = [...(name.given ?? []), name.family ?? ''].map((p) => p.trim()).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}
