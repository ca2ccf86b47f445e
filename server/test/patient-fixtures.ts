/** Patients in a practice's chart, stored sealed like real records. */
import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import type { Keyring } from '../src/crypto/index.js';
import type { HavenDatabase } from '../src/db/database.js';
import { systemTransaction } from '../src/db/transactions.js';
import { keysForResources, systemInsertResources } from '../src/records/system-record-writer.js';

/** A date of birth that makes someone `years` old today (and a few days past the birthday). */
export function birthDateForAge(years: number, now = new Date()): string {
  const d = new Date(
    Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate() - 3),
  );
  return d.toISOString().slice(0, 10);
}

export async function createTestPatient(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  fields: { birthDate: string; given?: string; family?: string },
): Promise<Patient & { id: string }> {
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id: randomUUID(),
    name: [
      { use: 'official', given: [fields.given ?? 'Robin'], family: fields.family ?? 'Testpatient' },
    ],
    birthDate: fields.birthDate,
  };
  const keys = await keysForResources(keyring, tenantId, [patient]);
  await systemTransaction(db, (tx) =>
    systemInsertResources(tx, tenantId, keys, [patient], new Date()),
  );
  return patient;
}
