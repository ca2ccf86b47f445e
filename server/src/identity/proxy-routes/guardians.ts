/**
 * Practice staff recording a minor's parent or legal guardian (CHILD-1), and a guardian's
 * consent to a teenager's own account (CHILD-2), which activates that account when it was
 * waiting for it. Both are done by staff who meet the family: front desk, nurses, clinicians and
 * practice administrators of the patient's practice.
 */
import { systemTransaction, tenantTransaction, type Tx } from '../../db/transactions.js';
import { assertPatientDataClearance } from '../staff/clearance.js';
import { AppError } from '../../errors/app-error.js';
import { findAccountByEmail } from '../accounts/accounts.js';
import type { PatientAccountStatus } from '../identity-tables.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import {
  grantGuardianAccess,
  recordGuardianConsent,
  teenAccountMayBeActive,
  type ConsentMethod,
  type GuardianConsent,
} from '../proxies/index.js';
import { grantViews, type GrantView } from './grant-views.js';
import type { RecordKeys } from '../../records/record-keys.js';
import { patientKeys, readPatientFacts } from './patient-facts.js';

/** The staff roles that may record a guardian or a guardian's consent. */
export const GUARDIAN_STAFF_ROLES: readonly string[] = [
  'front_desk',
  'nurse',
  'clinician',
  'practice_admin',
];

/** The patient a staff request is about. */
export interface PracticePatient {
  tenantId: string;
  patientId: string;
}

/**
 * Records `guardianEmail`'s account as the patient's parent or legal guardian, with every scope,
 * until the patient turns 18. The guardian must already have an account.
 */
export async function recordGuardian(
  deps: IdentityDeps,
  staffUserId: string,
  target: PracticePatient,
  input: { guardianEmail: string; relationship: 'parent' | 'legal_guardian' },
): Promise<GrantView> {
  const key = await platformKey(deps);
  const guardian = await systemTransaction(deps.db, (tx) =>
    findAccountByEmail(tx, key, input.guardianEmail),
  );
  const keys = await patientKeys(deps.keyring, target.tenantId, [target.patientId]);
  const grant = await tenantTransaction(deps.db, target.tenantId, async (tx) => {
    // Staff first: someone outside the practice learns nothing, not even whether the email
    // belongs to an account.
    await assertGuardianStaff(tx, target.tenantId, staffUserId, deps.now());
    const birthDate = await patientBirthDate(tx, target, keys);
    if (!guardian || guardian.status !== 'active') {
      throw new AppError(
        'not_found',
        'No Haven account uses this email. Ask the parent or guardian to create one, then try again.',
      );
    }
    return grantGuardianAccess(tx, {
      patientId: target.patientId,
      patientDateOfBirth: birthDate,
      guardianUserId: guardian.id,
      relationship: input.relationship,
      grantedBy: staffUserId,
      now: deps.now(),
    });
  });
  const [view] = await grantViews(deps, [{ ...grant, status: 'active' }]);
  if (!view) throw new Error('a created grant has no view');
  return view;
}

/** What recordConsent did: the consent, and the teenager's account as it now stands. */
export interface ConsentOutcome {
  consent: GuardianConsent;
  /** The patient's own account in this practice, if they have one. */
  teenAccount: { userId: string; status: PatientAccountStatus } | null;
}

/**
 * Records the guardian's consent to the teenager's own account and, when that account is
 * waiting for it (`pending_guardian`), activates it in the same transaction.
 */
export async function recordConsent(
  deps: IdentityDeps,
  staffUserId: string,
  target: PracticePatient,
  input: { guardianUserId: string; method: ConsentMethod },
): Promise<ConsentOutcome> {
  const keys = await patientKeys(deps.keyring, target.tenantId, [target.patientId]);
  return tenantTransaction(deps.db, target.tenantId, async (tx) => {
    await assertGuardianStaff(tx, target.tenantId, staffUserId, deps.now());
    const birthDate = await patientBirthDate(tx, target, keys);
    const now = deps.now();
    const consent = await recordGuardianConsent(tx, {
      patientId: target.patientId,
      patientDateOfBirth: birthDate,
      guardianUserId: input.guardianUserId,
      recordedBy: staffUserId,
      method: input.method,
      now,
    });
    const account = await tx
      .selectFrom('patient_account')
      .select(['user_id', 'status'])
      .where('patient_id', '=', target.patientId)
      .where('status', '<>', 'closed')
      .executeTakeFirst();
    if (!account) return { consent, teenAccount: null };
    const mayBeActive = await teenAccountMayBeActive(tx, {
      patientId: target.patientId,
      dateOfBirth: birthDate,
      now,
    });
    if (account.status !== 'pending_guardian' || !mayBeActive) {
      return { consent, teenAccount: { userId: account.user_id, status: account.status } };
    }
    await tx
      .updateTable('patient_account')
      .set({ status: 'active', activated_at: now })
      .where('user_id', '=', account.user_id)
      .where('patient_id', '=', target.patientId)
      .where('status', '=', 'pending_guardian')
      .execute();
    return { consent, teenAccount: { userId: account.user_id, status: 'active' } };
  });
}

/**
 * Not staff of this practice: not found (its patients are not theirs to see). Staff in another
 * role (billing, research): forbidden.
 */
async function assertGuardianStaff(
  tx: Tx,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<void> {
  const roles = await tx
    .selectFrom('practice_membership')
    .select('role')
    .where('user_id', '=', userId)
    .execute();
  if (roles.length === 0) throw new AppError('not_found', 'No such patient.');
  if (!roles.some((r) => GUARDIAN_STAFF_ROLES.includes(r.role))) {
    throw new AppError(
      'forbidden',
      'Only front desk, nursing, clinical or administrative staff can record a guardian.',
    );
  }
  // Recording a guardian reads the child's chart: patient data needs MFA and the attestation.
  await assertPatientDataClearance(tx, { tenantId, userId, now });
}

async function patientBirthDate(
  tx: Tx,
  target: PracticePatient,
  keys: RecordKeys,
): Promise<string> {
  const facts = (await readPatientFacts(tx, target.tenantId, keys, [target.patientId])).get(
    target.patientId,
  );
  if (!facts) throw new AppError('not_found', 'No such patient.');
  if (facts.birthDate === undefined) {
    throw new AppError(
      'unprocessable',
      'The patient’s record has no full date of birth; add it before recording a guardian.',
    );
  }
  return facts.birthDate;
}
