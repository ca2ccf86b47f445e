/**
 * The only SQL for the disclosure table, and its sealing. Rows are written once and never
 * changed (haven_app has no UPDATE or DELETE), so the associated data is always version 1.
 */
import { decrypt, encrypt, recordAad } from '../crypto/index.js';
import type { Tx } from '../db/transactions.js';
import type { Disclosure, DisclosurePurpose, SealedDisclosure } from './disclosure-model.js';

const RESOURCE_TYPE = 'Disclosure';

// Binds the ciphertext to its row: copied onto another row (another patient's, another
// practice's), it fails to decrypt instead of showing the wrong disclosure.
function aad(tenantId: string, id: string): Buffer {
  return recordAad({ tenantId, resourceType: RESOURCE_TYPE, id, version: 1 });
}

/** Inserts one disclosure, sealed with `key` (the patient's data key). */
export async function insertDisclosure(
  tx: Tx,
  key: Buffer,
  row: Disclosure & { tenantId: string },
): Promise<void> {
  const secret: SealedDisclosure = {
    recipient: row.recipient,
    description: row.description,
    ...(row.legalBasis === null ? {} : { legalBasis: row.legalBasis }),
  };
  const sealed = encrypt(
    key,
    Buffer.from(JSON.stringify(secret), 'utf8'),
    aad(row.tenantId, row.id),
  );
  await tx
    .insertInto('disclosure')
    .values({
      tenant_id: row.tenantId,
      id: row.id,
      patient_id: row.patientId,
      disclosed_at: row.disclosedAt,
      recorded_at: row.recordedAt,
      recorded_by: row.recordedBy,
      purpose: row.purpose,
      sealed,
    })
    .execute();
}

/** A patient's disclosures made between `from` and `to` (inclusive), newest first. */
export async function listDisclosures(
  tx: Tx,
  key: Buffer,
  tenantId: string,
  patientId: string,
  period: { from: Date; to: Date },
): Promise<Disclosure[]> {
  const rows = await tx
    .selectFrom('disclosure')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('patient_id', '=', patientId)
    .where('disclosed_at', '>=', period.from)
    .where('disclosed_at', '<=', period.to)
    .orderBy('disclosed_at', 'desc')
    .orderBy('recorded_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const secret = JSON.parse(
      decrypt(key, row.sealed, aad(tenantId, row.id)).toString('utf8'),
    ) as SealedDisclosure;
    return {
      id: row.id,
      patientId: row.patient_id,
      disclosedAt: new Date(row.disclosed_at),
      recordedAt: new Date(row.recorded_at),
      recordedBy: row.recorded_by,
      purpose: row.purpose as DisclosurePurpose,
      recipient: secret.recipient,
      description: secret.description,
      legalBasis: secret.legalBasis ?? null,
    };
  });
}
