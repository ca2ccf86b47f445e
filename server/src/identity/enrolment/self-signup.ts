/**
 * Self sign-up (DATA-3): anyone 13 or over can create an account at a practice, but it sees no
 * records until staff have checked a government ID and linked it to the patient's chart.
 * Under 13, sign-up is refused (CHILD-1).
 */
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { findPracticeBySlug } from '../../tenancy/practices.js';
import type { IdentityDeps } from '../identity-deps.js';
import { hit } from '../sign-in/rate-limit.js';
import { createPatientAccount, type EnrolledAccount } from './patient-accounts.js';

export interface SelfSignUp {
  practice: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  email: string;
  password: string;
  locale?: 'en' | 'es';
}

export async function selfSignUp(
  deps: IdentityDeps,
  input: SelfSignUp,
  ip: string | undefined,
): Promise<EnrolledAccount> {
  const now = deps.now();
  const tries = await systemTransaction(deps.db, (tx) =>
    hit(tx, { key: `sign-up:ip:${ip ?? 'unknown'}`, limit: 10, windowSeconds: 3600 }, now),
  );
  if (tries > 10) throw new AppError('rate_limited');
  const practice = await findPracticeBySlug(deps.db, input.practice);
  if (!practice) {
    throw new AppError('validation_failed', 'There is no practice with this name in Haven.', [
      { location: 'practice', message: 'is unknown' },
    ]);
  }
  return createPatientAccount(deps, {
    tenantId: practice.id,
    patientId: null,
    displayName: `${input.givenName.trim()} ${input.familyName.trim()}`,
    dateOfBirth: input.dateOfBirth,
    email: input.email,
    password: input.password,
    ...(input.locale ? { locale: input.locale } : {}),
  });
}
