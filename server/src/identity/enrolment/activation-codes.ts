/**
 * Provider-issued enrolment: the front desk makes a single-use activation code for a patient's
 * record (valid 14 days, stored only as its hash); the patient enters it with their date of
 * birth and chooses their credentials. Five wrong dates of birth kill the code. The code is
 * 60 random bits in Crockford base32, easy to read aloud or type from paper.
 */
import { randomBytes } from 'node:crypto';
import { systemTransaction, tenantTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { systemReadPatient } from '../../records/system-patient-reader.js';
import { hashToken } from '../sessions/tokens.js';
import { hit } from '../sign-in/rate-limit.js';
import type { IdentityDeps } from '../identity-deps.js';
import { createPatientAccount, type EnrolledAccount } from './patient-accounts.js';

export const ACTIVATION_CODE_DAYS = 14;
const MAX_DOB_ATTEMPTS = 5;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const NOT_VALID =
  'This activation code or date of birth is not right, or the code has expired. Ask the practice for a new code.';

export function newActivationCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Canonical form: upper case, no separators, look-alikes (O, I, L) read as digits. */
export function normaliseActivationCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export async function issueActivationCode(
  deps: IdentityDeps,
  input: { tenantId: string; patientId: string; issuedBy: string },
): Promise<{ code: string; expiresAt: Date }> {
  const patient = await systemReadPatient(deps.db, deps.keyring, input.tenantId, input.patientId);
  if (!patient) throw new AppError('not_found', 'No such patient.');
  const now = deps.now();
  const code = newActivationCode();
  const expiresAt = new Date(now.getTime() + ACTIVATION_CODE_DAYS * 86_400_000);
  await tenantTransaction(deps.db, input.tenantId, async (tx) => {
    // A new code replaces any unused one for the same record.
    await tx
      .updateTable('activation_code')
      .set({ expires_at: now })
      .where('tenant_id', '=', input.tenantId)
      .where('patient_id', '=', input.patientId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    await tx
      .insertInto('activation_code')
      .values({
        tenant_id: input.tenantId,
        code_hash: hashToken(normaliseActivationCode(code)),
        patient_id: input.patientId,
        created_by: input.issuedBy,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
  });
  return { code, expiresAt };
}

export interface Activation {
  code: string;
  dateOfBirth: string;
  email: string;
  password: string;
  locale?: 'en' | 'es';
}

export async function activateWithCode(
  deps: IdentityDeps,
  input: Activation,
  ip: string | undefined,
): Promise<EnrolledAccount> {
  const now = deps.now();
  const codeHash = hashToken(normaliseActivationCode(input.code));
  const found = await systemTransaction(deps.db, async (tx) => {
    const tries = await hit(
      tx,
      { key: `activate:ip:${ip ?? 'unknown'}`, limit: 20, windowSeconds: 3600 },
      now,
    );
    if (tries > 20) return { refused: new AppError('rate_limited') };
    const row = await tx
      .selectFrom('activation_code')
      .select(['tenant_id', 'patient_id', 'expires_at', 'used_at', 'failed_attempts'])
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    if (!row || row.used_at || row.expires_at <= now || row.failed_attempts >= MAX_DOB_ATTEMPTS) {
      return { refused: new AppError('bad_request', NOT_VALID) };
    }
    return { tenantId: row.tenant_id, patientId: row.patient_id };
  });
  if (found.refused) throw found.refused;

  const patient = await systemReadPatient(deps.db, deps.keyring, found.tenantId, found.patientId);
  if (!patient?.birthDate || patient.birthDate !== input.dateOfBirth) {
    await systemTransaction(deps.db, (tx) =>
      tx
        .updateTable('activation_code')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('code_hash', '=', codeHash)
        .execute(),
    );
    throw new AppError('bad_request', NOT_VALID);
  }

  return createPatientAccount(deps, {
    tenantId: found.tenantId,
    patientId: found.patientId,
    patient,
    email: input.email,
    password: input.password,
    ...(input.locale ? { locale: input.locale } : {}),
    // Consuming the code happens in the same transaction as creating the account, and only
    // if no one consumed it first: a code can never make two accounts.
    consume: async (tx) => {
      const used = await tx
        .updateTable('activation_code')
        .set({ used_at: now })
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .returning('code_hash')
        .executeTakeFirst();
      if (!used) throw new AppError('bad_request', NOT_VALID);
    },
  });
}
