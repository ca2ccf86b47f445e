/**
 * Creating a patient's account in a practice, the step both enrolment paths end in. Age decides
 * what the account may do (CHILD-1, CHILD-2): under 13 there is no own account (a parent or
 * guardian gets proxy access instead); 13 to 17 the account waits for a guardian's consent;
 * adults are active at once (after identity verification, for self sign-up).
 */
import type { Patient } from '@medplum/fhirtypes';
import { systemTransaction, type Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { createAccount } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import { hashPassword } from '../password-hashing.js';
import { assertAcceptablePassword } from '../password/password-service.js';
import { accountEligibility } from '../proxies/index.js';
import type { PatientAccountStatus } from '../identity-tables.js';
import { patientDisplayName } from '../../records/system-patient-reader.js';

export interface EnrolledAccount {
  userId: string;
  tenantId: string;
  status: PatientAccountStatus;
}

export const UNDER_13_MESSAGE =
  'Children under 13 cannot have their own account. A parent or guardian can get access to their record at the practice.';

/** Throws for under-13s; otherwise the status a new account starts in. */
export function startingStatus(
  dateOfBirth: string,
  now: Date,
  verified: boolean,
): PatientAccountStatus {
  const eligibility = accountEligibility(dateOfBirth, now);
  if (eligibility === 'no_own_account') throw new AppError('forbidden', UNDER_13_MESSAGE);
  if (!verified) return 'pending_identity';
  return eligibility === 'needs_guardian_consent' ? 'pending_guardian' : 'active';
}

export interface NewPatientAccount {
  tenantId: string;
  patientId: string | null;
  patient?: Patient;
  displayName?: string;
  dateOfBirth?: string;
  email: string;
  password: string;
  locale?: 'en' | 'es';
  consume?: (tx: Tx) => Promise<void>;
}

export async function createPatientAccount(
  deps: IdentityDeps,
  input: NewPatientAccount,
): Promise<EnrolledAccount> {
  const now = deps.now();
  const dateOfBirth = input.patient?.birthDate ?? input.dateOfBirth;
  if (!dateOfBirth) throw new AppError('validation_failed', 'A date of birth is needed.');
  const status = startingStatus(dateOfBirth, now, input.patientId !== null);
  const displayName =
    input.displayName ?? (input.patient ? patientDisplayName(input.patient) : null) ?? 'Patient';
  assertAcceptablePassword(input.password, { email: input.email, names: displayName.split(' ') });
  const passwordHash = await hashPassword(input.password);
  const key = await platformKey(deps);
  const userId = await systemTransaction(deps.db, async (tx) => {
    await input.consume?.(tx);
    const id = await createAccount(tx, key, {
      email: input.email,
      displayName,
      passwordHash,
      dateOfBirth,
      ...(input.locale ? { locale: input.locale } : {}),
    });
    if (input.patientId) {
      const taken = await tx
        .selectFrom('patient_account')
        .select('user_id')
        .where('tenant_id', '=', input.tenantId)
        .where('patient_id', '=', input.patientId)
        .where('status', '<>', 'closed')
        .executeTakeFirst();
      if (taken)
        throw new AppError(
          'conflict',
          'This record already has an account. Sign in, or ask the practice for help.',
        );
    }
    await tx
      .insertInto('patient_account')
      .values({
        tenant_id: input.tenantId,
        user_id: id,
        patient_id: input.patientId,
        status,
        created_at: now,
        activated_at: status === 'active' ? now : null,
      })
      .execute();
    return id;
  });
  return { userId, tenantId: input.tenantId, status };
}
