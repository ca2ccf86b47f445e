/**
 * Charts for the data-key rotation tests: patients with several kinds of records, some sealed
 * the way Haven sealed them before key generations (no header), some with several versions, and
 * one practice-level resource under the tenant key, which rotation must leave alone.
 */
import { randomUUID } from 'node:crypto';
import type { Observation, Organization, Patient, Resource } from '@medplum/fhirtypes';
import { patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { RecordKeys } from '../records/record-keys.js';
import { sealedKeyGeneration, sealResource } from '../records/record-sealing.js';
import { readCompartment, readHistory, writeVersion } from '../records/record-store.js';
export const observation = (patientId: string, value: number): Observation => ({
  resourceType: 'Observation',
  id: randomUUID(),
  status: 'final',
  code: { text: 'HbA1c' },
  subject: { reference: `Patient/${patientId}` },
  valueQuantity: { value, unit: '%' },
});

/** Writes one resource's next version through the record store, as a request would. */
export async function write(db: HavenDatabase, keys: RecordKeys, tenantId: string, r: Resource) {
  return tenantTransaction(db, tenantId, (tx) =>
    writeVersion(tx, tenantId, keys, r, { now: new Date() }),
  );
}

/**
 * A patient with `records` observations: the first two sealed in the pre-generation format, the
 * third written twice (two versions), the rest written normally. Returns the patient id.
 */
export async function seedChart(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  records: number,
): Promise<string> {
  const patient: Patient = { resourceType: 'Patient', id: randomUUID(), birthDate: '1980-02-03' };
  const patientId = patient.id as string;
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: true });
  await write(db, keys, tenantId, patient);
  const legacyKey = await keyring.dataKey(patientScope(tenantId, patientId));
  for (let i = 0; i < records; i++) {
    const first = await write(db, keys, tenantId, observation(patientId, i));
    if (i === 2)
      await write(db, keys, tenantId, { ...first.resource, status: 'amended' } as Resource);
    if (i < 2) {
      // Stored as it would have been before generations: the same record, sealed with no header.
      const address = { tenantId, resourceType: 'Observation', id: first.id, version: 1 };
      const row = { resource_type: 'Observation', id: first.id, version_id: 1 };
      await overwriteSealed(db, tenantId, row, sealResource(legacyKey, address, first.resource));
    }
  }
  return patientId;
}

/** A practice-level resource, sealed with the tenant key. */
export async function seedOrganization(db: HavenDatabase, keyring: Keyring, tenantId: string) {
  const org: Organization = { resourceType: 'Organization', id: randomUUID(), name: 'Clinic' };
  const keys = await RecordKeys.load(keyring, tenantId, [null], { create: true });
  await write(db, keys, tenantId, org);
  return org.id as string;
}

/** Everything a patient's chart says, every version, opened with keys read now. */
export async function chartSnapshot(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
) {
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
  return tenantTransaction(db, tenantId, async (tx) => {
    const current = await readCompartment(tx, tenantId, keys, patientId);
    const history = [];
    for (const v of current)
      history.push(...(await readHistory(tx, tenantId, keys, v.resourceType, v.id)));
    return { current, history };
  });
}

/** The stored rows of a tenant: key generation of each record, and the key generations kept. */
export async function storedState(db: HavenDatabase, tenantId: string) {
  return systemTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('fhir_resource')
      .select(['resource_type', 'id', 'version_id', 'patient_id', 'sealed'])
      .where('tenant_id', '=', tenantId)
      .execute();
    const keys = await tx
      .selectFrom('patient_key')
      .select(['patient_id', 'generation'])
      .where('tenant_id', '=', tenantId)
      .orderBy('patient_id')
      .orderBy('generation')
      .execute();
    return {
      rows: rows.map((r) => ({ ...r, sealed: Buffer.from(r.sealed) })),
      recordGenerations: rows
        .filter((r) => r.patient_id !== null)
        .map((r) => sealedKeyGeneration(Buffer.from(r.sealed))),
      keyGenerations: keys.map((k) => k.generation),
    };
  });
}

/** Overwrites one record's stored bytes (a copied or restored ciphertext). */
export async function overwriteSealed(
  db: HavenDatabase,
  tenantId: string,
  row: { resource_type: string; id: string; version_id: number },
  sealed: Buffer,
) {
  await systemTransaction(db, (tx) =>
    tx
      .updateTable('fhir_resource')
      .set({ sealed })
      .where('tenant_id', '=', tenantId)
      .where('resource_type', '=', row.resource_type)
      .where('id', '=', row.id)
      .where('version_id', '=', row.version_id)
      .execute(),
  );
}
