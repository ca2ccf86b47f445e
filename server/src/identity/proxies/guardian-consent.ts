/**
 * A guardian's consent to a teenager's own account (CHILD-2): a 13-17-year-old's account is
 * active only once a parent or guardian holding proxy access for them has consented.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { accountEligibility, eligibilityAtAge, ageInYears } from './age.js';
import {
  assertUuid,
  assertValidDate,
  grantStatus,
  mapUnknownAccount,
  toProxyGrant,
} from './proxy-model.js';

/** How the consent was given. Codes only, so no free-text note about a family is kept. */
export const CONSENT_METHODS = ['in_person', 'signed_form', 'electronic_signature'] as const;
/** One way a guardian's consent can be given. */
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** A recorded consent. */
export interface GuardianConsent {
  id: string;
  patientId: string;
  guardianUserId: string;
  grantId: string;
  consentedAt: Date;
  recordedBy: string;
  method: ConsentMethod;
}

/** What recordGuardianConsent needs. */
export interface GuardianConsentInput {
  patientId: string;
  patientDateOfBirth: string;
  guardianUserId: string;
  /** Who recorded it: staff, or the guardian themselves when signing electronically. */
  recordedBy: string;
  method: ConsentMethod;
  /** When the guardian consented; defaults to `now`, and cannot be later than it. */
  consentedAt?: Date;
  now: Date;
}

/**
 * Records a guardian's consent to the teenager's own account. The guardian must hold a
 * `guardian_of_minor` grant in force for the patient (forbidden otherwise: only someone already
 * recognised as the guardian can consent). The patient must be 13-17 (unprocessable otherwise:
 * under 13 there is no own account to consent to, and an adult needs no consent). Consents are
 * appended, never changed; a second consent is simply another record.
 */
export async function recordGuardianConsent(
  tx: Tx,
  input: GuardianConsentInput,
): Promise<GuardianConsent> {
  assertUuid(input.patientId, 'patientId');
  assertUuid(input.guardianUserId, 'guardianUserId');
  assertUuid(input.recordedBy, 'recordedBy');
  assertValidDate(input.now, 'now');
  if (!(CONSENT_METHODS as readonly string[]).includes(input.method)) {
    throw new AppError('validation_failed', 'Unknown consent method.', [
      { location: 'method', message: `must be one of ${CONSENT_METHODS.join(', ')}` },
    ]);
  }
  const consentedAt = input.consentedAt ?? input.now;
  assertValidDate(consentedAt, 'consentedAt');
  if (consentedAt.getTime() > input.now.getTime()) {
    throw new AppError('validation_failed', 'A consent cannot be dated in the future.', [
      { location: 'consentedAt', message: 'must not be after now' },
    ]);
  }
  const age = ageInYears(input.patientDateOfBirth, input.now);
  if (eligibilityAtAge(age) !== 'needs_guardian_consent') {
    throw new AppError('unprocessable', 'Guardian consent applies only to patients aged 13 to 17.');
  }
  const grants = await tx
    .selectFrom('proxy_grant')
    .selectAll()
    .where('patient_id', '=', input.patientId)
    .where('proxy_user_id', '=', input.guardianUserId)
    .where('basis', '=', 'guardian_of_minor')
    .where('revoked_at', 'is', null)
    .orderBy('granted_at')
    .execute();
  const grant = grants.map(toProxyGrant).find((g) => grantStatus(g, age, input.now) === 'active');
  if (!grant) {
    throw new AppError('forbidden', 'Only the patient’s recorded parent or guardian can consent.');
  }
  const row = await tx
    .insertInto('guardian_consent')
    .values({
      tenant_id: sql<string>`haven_current_tenant()`,
      id: randomUUID(),
      patient_id: input.patientId,
      guardian_user_id: input.guardianUserId,
      grant_id: grant.id,
      consented_at: consentedAt,
      recorded_by: input.recordedBy,
      method: input.method,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(mapUnknownAccount);
  return {
    id: row.id,
    patientId: row.patient_id,
    guardianUserId: row.guardian_user_id,
    grantId: row.grant_id,
    consentedAt: new Date(row.consented_at),
    recordedBy: row.recorded_by,
    method: row.method,
  };
}

/**
 * Whether a guardian's consent is recorded for the patient in this practice. A consent stays
 * recorded if the guardian's grant is later revoked: it was given when they were the guardian.
 */
export async function hasGuardianConsent(tx: Tx, patientId: string): Promise<boolean> {
  assertUuid(patientId, 'patientId');
  const row = await tx
    .selectFrom('guardian_consent')
    .select('id')
    .where('patient_id', '=', patientId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the patient's own account may be active at `now`: an adult's always, a 13-17-year-old's
 * once a guardian's consent is recorded, an under-13's never (CHILD-1: a guardian's proxy access
 * instead).
 */
export async function teenAccountMayBeActive(
  tx: Tx,
  input: { patientId: string; dateOfBirth: string; now: Date },
): Promise<boolean> {
  switch (accountEligibility(input.dateOfBirth, input.now)) {
    case 'adult':
      return true;
    case 'no_own_account':
      return false;
    case 'needs_guardian_consent':
      return hasGuardianConsent(tx, input.patientId);
  }
}
