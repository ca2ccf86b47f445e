/**
 * Reads a patient's current Patient resource on the SYSTEM path (no actor, no access decision):
 * for identity checks that must compare what a person typed with the chart (an activation
 * code's date of birth, a proxy's age) before anyone is signed in. Never for showing records.
 */
import type { Patient } from '@medplum/fhirtypes';
import { patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { unsealResource } from './record-sealing.js';

export async function systemReadPatient(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
): Promise<Patient | undefined> {
  const key = await keyring.existingDataKey(patientScope(tenantId, patientId));
  if (!key) return undefined;
  const row = await tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('fhir_resource')
      .select(['version_id', 'deleted', 'sealed'])
      .where('tenant_id', '=', tenantId)
      .where('resource_type', '=', 'Patient')
      .where('id', '=', patientId)
      .orderBy('version_id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  if (!row || row.deleted) return undefined;
  const address = { tenantId, resourceType: 'Patient', id: patientId, version: row.version_id };
  return unsealResource(key, address, row.sealed) as Patient;
}

/** "Given Family" from a Patient's official (or first) name. */
export function patientDisplayName(patient: Patient): string {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return [...(name?.given ?? []), name?.family].filter(Boolean).join(' ') || 'Unnamed patient';
}
