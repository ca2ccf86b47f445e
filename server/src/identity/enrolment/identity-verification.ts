/**
 * Staff verify a self-signed-up person's identity (DATA-3): they look at a government ID and
 * record its type and last four characters (sealed), who checked and when, then link the
 * account to the patient's chart. Haven never accepts an ID image, so none is ever kept.
 */
import { tenantScope, encrypt, recordAad } from '../../crypto/index.js';
import { tenantTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { systemReadPatient } from '../../records/system-patient-reader.js';
import { accountContact } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import type { IdDocumentType } from '../identity-tables.js';
import { systemTransaction } from '../../db/transactions.js';
import { startingStatus } from './patient-accounts.js';

export interface PendingVerification {
  userId: string;
  displayName: string;
  dateOfBirth: string | null;
  signedUpAt: Date;
}

export async function pendingVerifications(
  deps: IdentityDeps,
  tenantId: string,
): Promise<PendingVerification[]> {
  const rows = await tenantTransaction(deps.db, tenantId, (tx) =>
    tx
      .selectFrom('patient_account')
      .select(['user_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'pending_identity')
      .orderBy('created_at')
      .execute(),
  );
  const key = await platformKey(deps);
  return systemTransaction(deps.db, async (tx) =>
    Promise.all(
      rows.map(async (row) => {
        const contact = await accountContact(tx, key, row.user_id);
        return {
          userId: row.user_id,
          displayName: contact.displayName,
          dateOfBirth: contact.dateOfBirth ?? null,
          signedUpAt: row.created_at,
        };
      }),
    ),
  );
}

export interface Verification {
  tenantId: string;
  userId: string;
  idType: IdDocumentType;
  lastFour: string;
  patientId: string;
  verifiedBy: string;
}

export async function verifyIdentity(
  deps: IdentityDeps,
  input: Verification,
): Promise<{ status: string }> {
  if (input.userId === input.verifiedBy)
    throw new AppError('forbidden', 'Someone else must verify your identity.');
  const patient = await systemReadPatient(deps.db, deps.keyring, input.tenantId, input.patientId);
  if (!patient) throw new AppError('not_found', 'No such patient.');
  const key = await platformKey(deps);
  const contact = await systemTransaction(deps.db, (tx) => accountContact(tx, key, input.userId));
  if (!contact.dateOfBirth || contact.dateOfBirth !== patient.birthDate) {
    throw new AppError(
      'unprocessable',
      'The date of birth the person gave does not match this chart.',
    );
  }
  const status = startingStatus(contact.dateOfBirth, deps.now(), true);
  const tenantKey = await deps.keyring.dataKey(tenantScope(input.tenantId));
  const aad = recordAad({
    tenantId: input.tenantId,
    resourceType: 'IdentityVerification',
    id: input.userId,
    version: 1,
  });
  const now = deps.now();
  await tenantTransaction(deps.db, input.tenantId, async (tx) => {
    const linked = await tx
      .selectFrom('patient_account')
      .select('user_id')
      .where('tenant_id', '=', input.tenantId)
      .where('patient_id', '=', input.patientId)
      .where('status', '<>', 'closed')
      .executeTakeFirst();
    if (linked) throw new AppError('conflict', 'This chart already has an account.');
    const updated = await tx
      .updateTable('patient_account')
      .set({ patient_id: input.patientId, status, activated_at: status === 'active' ? now : null })
      .where('tenant_id', '=', input.tenantId)
      .where('user_id', '=', input.userId)
      .where('status', '=', 'pending_identity')
      .returning('user_id')
      .executeTakeFirst();
    if (!updated)
      throw new AppError('not_found', 'No sign-up is waiting for verification for this person.');
    await tx
      .insertInto('identity_verification')
      .values({
        tenant_id: input.tenantId,
        user_id: input.userId,
        id_type: input.idType,
        last_four_sealed: encrypt(tenantKey, Buffer.from(input.lastFour), aad),
        verified_by: input.verifiedBy,
        verified_at: now,
      })
      .execute();
  });
  return { status };
}
