/**
 * Reads patients' current Patient resources outside the access gate, for identity decisions
 * that compare what a person typed with the chart (an activation code's date of birth, a
 * proxy's age, whose record a page shows). These reads decide access; they are not an actor's
 * access to a record, and they never feed a page of records. Still behind the tenant wall.
 */
import type { HumanName, Patient } from '@medplum/fhirtypes';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction, type Tx } from '../db/transactions.js';
import { RecordKeys } from './record-keys.js';

/**
 * The current, not deleted, Patient resource of each patient whose key is in `keys`; others are
 * absent from the answer. `tx` must be a tenant transaction for `tenantId`; fetch the keys
 * before opening it.
 */
export async function readCurrentPatients(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  patientIds: readonly string[],
): Promise<Map<string, Patient>> {
  const wanted = [...new Set(patientIds)].filter((id) => keys.has(id));
  const patients = new Map<string, Patient>();
  if (wanted.length === 0) return patients;
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
    // Newest version first: only the current one counts.
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    if (row.deleted) continue;
    const address = { tenantId, resourceType: 'Patient', id: row.id, version: row.version_id };
    patients.set(row.id, keys.unseal(row.id, address, Buffer.from(row.sealed)) as Patient);
  }
  return patients;
}

/**
 * One patient's current Patient resource. The key is only read, never created: a made-up or
 * another practice's patient id must not leave a key behind.
 */
export async function systemReadPatient(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
): Promise<Patient | undefined> {
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
  if (!keys.has(patientId)) return undefined;
  const found = await tenantTransaction(db, tenantId, (tx) =>
    readCurrentPatients(tx, tenantId, keys, [patientId]),
  );
  return found.get(patientId);
}

/** The name to show for a patient: the usual name, else the official one, else the first. */
export function patientDisplayName(patient: Patient): string | null {
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
