/**
 * Staff signing the practice's confidentiality agreement (SEC-7). A signature is a row per
 * person and version, never changed or deleted (haven_app may only insert and read them), so the
 * history shows every version each person signed and when. Every function runs in a tenant
 * transaction for `tenantId` opened by the caller.
 */
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { CURRENT_ATTESTATION_VERSION } from './attestation-text.js';

/** One signature: which version, when. */
export interface AttestationSignature {
  version: string;
  signedAt: Date;
}

/** Who signs what, in which practice. */
export interface AttestationInput {
  tenantId: string;
  userId: string;
  version: string;
  now: Date;
}

/**
 * Signs the agreement. Only the current version can be signed (a page left open on an old text
 * is a conflict: the person must read the current one). Signing again changes nothing and
 * returns the first signature. The caller checked that `userId` is staff of the practice.
 */
export async function signAttestation(
  tx: Tx,
  input: AttestationInput,
): Promise<AttestationSignature> {
  if (input.version !== CURRENT_ATTESTATION_VERSION) {
    throw new AppError(
      'conflict',
      'This is not the current version of the confidentiality agreement. Reload the page and read the current one.',
      [{ location: 'version', message: `the current version is ${CURRENT_ATTESTATION_VERSION}` }],
    );
  }
  await tx
    .insertInto('confidentiality_attestation')
    .values({
      tenant_id: input.tenantId,
      user_id: input.userId,
      version: input.version,
      signed_at: input.now,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'version']).doNothing())
    .execute();
  const signed = await signatureOf(tx, input.tenantId, input.userId, input.version);
  if (!signed) throw new Error('The signature vanished right after it was written');
  return signed;
}

/** The person's signature of `version`, if they signed it. */
export async function signatureOf(
  tx: Tx,
  tenantId: string,
  userId: string,
  version: string,
): Promise<AttestationSignature | undefined> {
  const row = await tx
    .selectFrom('confidentiality_attestation')
    .select(['version', 'signed_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? { version: row.version, signedAt: new Date(row.signed_at) } : undefined;
}

/** Every version the person signed in the practice, newest first. */
export async function attestationHistory(
  tx: Tx,
  tenantId: string,
  userId: string,
): Promise<AttestationSignature[]> {
  return (await signaturesBy(tx, tenantId, userId)).get(userId) ?? [];
}

/** Every signature in the practice, by user id, each list newest first. */
export function practiceAttestations(
  tx: Tx,
  tenantId: string,
): Promise<Map<string, AttestationSignature[]>> {
  return signaturesBy(tx, tenantId);
}

async function signaturesBy(
  tx: Tx,
  tenantId: string,
  userId?: string,
): Promise<Map<string, AttestationSignature[]>> {
  let query = tx
    .selectFrom('confidentiality_attestation')
    .select(['user_id', 'version', 'signed_at'])
    .where('tenant_id', '=', tenantId);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  const rows = await query.orderBy('signed_at', 'desc').orderBy('version', 'desc').execute();
  const byUser = new Map<string, AttestationSignature[]>();
  for (const row of rows) {
    const signature = { version: row.version, signedAt: new Date(row.signed_at) };
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), signature]);
  }
  return byUser;
}
