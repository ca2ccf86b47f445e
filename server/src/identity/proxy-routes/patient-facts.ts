/**
 * The two facts proxy access needs about a patient, read from their sealed Patient resource: the
 * date of birth (guardian grants end at 18, a teenager's guardian sees less) and the name, so a
 * page acting for someone always says whose record it shows.
 *
 * This read sits outside the access gate on purpose: it is how access is decided, not an access
 * by an actor to the record. It still runs in the caller's tenant transaction, behind the wall.
 */
import type { Keyring } from '../../crypto/index.js';
import type { Tx } from '../../db/transactions.js';
import { RecordKeys } from '../../records/record-keys.js';
import { patientDisplayName, readCurrentPatients } from '../../records/system-patient-reader.js';

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
): Promise<RecordKeys> {
  // Through RecordKeys like every other record read, so a key mid-rotation opens both the rows
  // already re-encrypted and the rows not yet reached.
  return RecordKeys.load(keyring, tenantId, patientIds, { create: false });
}

/**
 * The facts of each patient whose current Patient resource exists in this practice (not
 * deleted) and whose key is in `keys`; others are simply absent from the answer. `tx` must be a
 * tenant transaction for `tenantId`.
 */
export async function readPatientFacts(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  patientIds: readonly string[],
): Promise<Map<string, PatientFacts>> {
  const patients = await readCurrentPatients(tx, tenantId, keys, patientIds);
  const facts = new Map<string, PatientFacts>();
  for (const [patientId, patient] of patients) {
    facts.set(patientId, {
      patientId,
      displayName: patientDisplayName(patient),
      birthDate:
        patient.birthDate !== undefined && FULL_DATE.test(patient.birthDate)
          ? patient.birthDate
          : undefined,
    });
  }
  return facts;
}
