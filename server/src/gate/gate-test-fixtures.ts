/**
 * A practice with a patient, records of several kinds and staff cleared as they would be in
 * real use (TOTP enrolled, agreement signed, clinical licences verified), for the gate's tests.
 */
import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { addCareRelationship } from '../care/care-relationships.js';
import { setSensitiveLabels } from '../care/sensitive-access.js';
import { platformScope, tenantScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { confirmTotpEnrolment, startTotpEnrolment, totpCodeAt } from '../identity/mfa/index.js';
import type { StaffRole } from '../identity/roles.js';
import { CURRENT_ATTESTATION_VERSION } from '../identity/staff/attestation-text.js';
import { decideLicence, recordLicence } from '../identity/staff/licences.js';
import { RecordKeys } from '../records/record-keys.js';
import { writeVersion } from '../records/record-store.js';
import { createTestUser } from '../../test/identity-fixtures.js';
import { createTestPatient } from '../../test/patient-fixtures.js';

/** A staff member cleared for patient data; clinical roles also get a verified licence. */
export async function clearedStaff(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  role: StaffRole,
  now: Date,
): Promise<string> {
  const { userId } = await createTestUser(db, keyring, { staff: { tenantId, role } });
  const key = await keyring.dataKey(platformScope());
  const enrolment = await systemTransaction(db, (tx) =>
    startTotpEnrolment(tx, key, userId, { issuer: 'Haven', accountLabel: 'gate-test' }),
  );
  await systemTransaction(db, (tx) =>
    confirmTotpEnrolment(tx, key, userId, totpCodeAt(enrolment.secretBase32, now), now),
  );
  await tenantTransaction(db, tenantId, (tx) =>
    tx
      .insertInto('confidentiality_attestation')
      .values({
        tenant_id: tenantId,
        user_id: userId,
        version: CURRENT_ATTESTATION_VERSION,
        signed_at: now,
      })
      .execute(),
  );
  if (role === 'clinician' || role === 'nurse') {
    await verifyTestLicence(db, keyring, tenantId, userId, now);
  }
  return userId;
}

/** Records a licence for `userId`, valid two more years, verified by another account. */
export async function verifyTestLicence(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<void> {
  const tenantKey = await keyring.dataKey(tenantScope(tenantId));
  const verifier = await createTestUser(db, keyring);
  const expiresOn = `${now.getUTCFullYear() + 2}-01-31`;
  await tenantTransaction(db, tenantId, async (tx) => {
    await recordLicence(tx, tenantKey, {
      tenantId,
      userId,
      number: 'MD-12345',
      issuingState: 'MA',
      expiresOn,
      now,
    });
    await decideLicence(tx, {
      tenantId,
      userId,
      decision: 'verified',
      decidedBy: verifier.userId,
      now,
    });
  });
}

/** Puts `userId` on `patientId`'s care team from `now`. */
export async function joinCareTeam(
  db: HavenDatabase,
  tenantId: string,
  patientId: string,
  userId: string,
  now: Date,
): Promise<void> {
  await tenantTransaction(db, tenantId, (tx) =>
    addCareRelationship(tx, {
      tenantId,
      patientId,
      userId,
      kind: 'care_team',
      sourceId: patientId,
      startsAt: now,
      addedBy: null,
    }),
  );
}

/** Grants `userId` the sensitive labels `labels`. */
export async function grantLabels(
  db: HavenDatabase,
  tenantId: string,
  userId: string,
  labels: string[],
): Promise<void> {
  await tenantTransaction(db, tenantId, (tx) =>
    setSensitiveLabels(tx, { tenantId, userId, labels, grantedBy: userId }),
  );
}

/** The records a test patient has: a result, a mental-health condition, and a coverage. */
export interface ChartFixture {
  patientId: string;
  observationId: string;
  psychConditionId: string;
  coverageId: string;
}

/** A patient with an HbA1c result, a PSY-labelled condition and a coverage, stored sealed. */
export async function chartWithRecords(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  now: Date,
): Promise<ChartFixture> {
  const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1980-02-03' });
  const subject = { reference: `Patient/${patient.id}` };
  const records: Resource[] = [
    {
      resourceType: 'Observation',
      id: randomUUID(),
      status: 'final',
      subject,
      code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c' }] },
      valueQuantity: { value: 6.9, unit: '%' },
    },
    {
      resourceType: 'Condition',
      id: randomUUID(),
      subject,
      meta: {
        security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'PSY' }],
      },
      code: { text: 'Major depressive disorder' },
    },
    {
      resourceType: 'Coverage',
      id: randomUUID(),
      status: 'active',
      beneficiary: subject,
      payor: [{ display: 'Acme Health' }],
    },
  ];
  const keys = await RecordKeys.load(keyring, tenantId, [patient.id], { create: true });
  await tenantTransaction(db, tenantId, async (tx) => {
    for (const resource of records) await writeVersion(tx, tenantId, keys, resource, { now });
  });
  return {
    patientId: patient.id,
    observationId: records[0]!.id!,
    psychConditionId: records[1]!.id!,
    coverageId: records[2]!.id!,
  };
}
