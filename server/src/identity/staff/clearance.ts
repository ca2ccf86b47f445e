/**
 * Staff clearance (SEC-7, USE-10): whether a staff member may reach patient data in a practice,
 * and whether they may do clinical work there. Patient data needs a practice role, the current
 * confidentiality agreement signed, and a strong second factor (an authenticator app or a
 * passkey). Clinical work additionally needs a clinical role and a verified, unexpired licence.
 * `platform_admin` is not a practice role, so it never clears anyone for patient data.
 *
 * Features call {@link assertPatientDataClearance} or {@link assertClinicalClearance} inside the
 * tenant transaction that touches patient data, so the check and the access see the same state.
 */
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { hasStrongMfa } from '../mfa/index.js';
import { CLINICAL_ROLES, type StaffRole } from '../roles.js';
import { CURRENT_ATTESTATION_VERSION } from './attestation-text.js';
import { signatureOf } from './attestation.js';
import { findLicence, licenceState, type LicenceState, type StaffLicence } from './licences.js';
import { rolesInPractice } from './practice-staff.js';

export {
  ATTESTATION_TEXT,
  CURRENT_ATTESTATION_VERSION,
  type AttestationLocale,
  type AttestationText,
} from './attestation-text.js';

/** Why clearance is missing. Stable strings: clients and the access review rely on them. */
export const CLEARANCE_REASONS = [
  'not_staff',
  'no_attestation',
  'no_mfa',
  'licence_missing',
  'licence_unverified',
  'licence_expired',
  'licence_rejected',
] as const;
export type ClearanceReason = (typeof CLEARANCE_REASONS)[number];

/** The licence as clearance sees it; `not_required` for people without a clinical role. */
export type ClearanceLicence = LicenceState | 'not_required';

/** A staff member's clearance in one practice at one moment. */
export interface StaffClearance {
  roles: StaffRole[];
  mfa: boolean;
  /** Signed the current agreement version ({@link CURRENT_ATTESTATION_VERSION}). */
  attested: boolean;
  attestationVersion: string;
  licence: ClearanceLicence;
  patientData: boolean;
  clinicalAccess: boolean;
  /** Everything standing between this person and what their roles are for; empty when clear. */
  reasons: ClearanceReason[];
}

/** Whose clearance, where, when. */
export interface ClearanceInput {
  tenantId: string;
  userId: string;
  now: Date;
}

/** The facts clearance is decided from (gathered one by one, or in bulk for a staff list). */
export interface ClearanceFacts {
  roles: readonly StaffRole[];
  mfa: boolean;
  attested: boolean;
  licence: Pick<StaffLicence, 'verification' | 'expiresOn'> | undefined;
}

/** The plain words for each reason, shown to the person refused. */
const REASON_MESSAGES: Record<ClearanceReason, string> = {
  not_staff: 'You do not work for this practice.',
  no_attestation: 'Read and sign the practice’s confidentiality agreement first.',
  no_mfa: 'Set up an authenticator app or a passkey for signing in first.',
  licence_missing:
    'Your professional licence is not on file: ask your practice administrator to record it.',
  licence_unverified:
    'Your professional licence has not been verified yet: ask your practice administrator.',
  licence_expired:
    'Your professional licence has expired: give your practice administrator the renewed one.',
  licence_rejected:
    'Your professional licence could not be verified: talk to your practice administrator.',
};

const LICENCE_REASONS: Record<LicenceState, ClearanceReason | undefined> = {
  valid: undefined,
  missing: 'licence_missing',
  unverified: 'licence_unverified',
  expired: 'licence_expired',
  rejected: 'licence_rejected',
};

/** Decides clearance from its facts (pure: the rules in one place). */
export function decideClearance(facts: ClearanceFacts, now: Date): StaffClearance {
  const roles = [...facts.roles];
  const clinical = roles.some((role) => CLINICAL_ROLES.includes(role));
  const licence: ClearanceLicence = clinical ? licenceState(facts.licence, now) : 'not_required';
  const reasons: ClearanceReason[] = [];
  if (roles.length === 0) reasons.push('not_staff');
  if (!facts.attested) reasons.push('no_attestation');
  if (!facts.mfa) reasons.push('no_mfa');
  const licenceReason = licence === 'not_required' ? undefined : LICENCE_REASONS[licence];
  if (licenceReason) reasons.push(licenceReason);
  const patientData = roles.length > 0 && facts.attested && facts.mfa;
  return {
    roles,
    mfa: facts.mfa,
    attested: facts.attested,
    attestationVersion: CURRENT_ATTESTATION_VERSION,
    licence,
    patientData,
    clinicalAccess: patientData && clinical && licence === 'valid',
    reasons,
  };
}

/**
 * The clearance of `userId` in the practice. Runs in a tenant transaction for `tenantId` (the
 * normal path; haven_app may read whether an MFA factor exists) or on the system path.
 */
export async function staffClearance(tx: Tx, input: ClearanceInput): Promise<StaffClearance> {
  const roles = await rolesInPractice(tx, input.tenantId, input.userId);
  const signed = await signatureOf(tx, input.tenantId, input.userId, CURRENT_ATTESTATION_VERSION);
  const licence = await findLicence(tx, input.tenantId, input.userId);
  const mfa = await hasStrongMfa(tx, input.userId);
  return decideClearance({ roles, mfa, attested: signed !== undefined, licence }, input.now);
}

/**
 * Throws forbidden, naming what is missing, unless the person may reach patient data in the
 * practice. Returns the clearance for callers that need the roles.
 */
export async function assertPatientDataClearance(
  tx: Tx,
  input: ClearanceInput,
): Promise<StaffClearance> {
  const clearance = await staffClearance(tx, input);
  if (!clearance.patientData) {
    refuse(clearance.reasons.filter((r) => !r.startsWith('licence_')));
  }
  return clearance;
}

/**
 * Throws forbidden unless the person may do clinical work in the practice: patient-data
 * clearance, a clinical role (clinician, nurse), and a verified, unexpired licence. Someone
 * without a clinical role is refused with the reason `not_clinical_role`.
 */
export async function assertClinicalClearance(
  tx: Tx,
  input: ClearanceInput,
): Promise<StaffClearance> {
  const clearance = await staffClearance(tx, input);
  if (!clearance.clinicalAccess) {
    if (clearance.roles.length > 0 && clearance.licence === 'not_required') {
      throw new AppError('forbidden', 'Only clinicians and nurses may do this.', [
        { location: 'clearance', message: 'not_clinical_role' },
      ]);
    }
    refuse(clearance.reasons);
  }
  return clearance;
}

function refuse(reasons: readonly ClearanceReason[]): never {
  // Not staff says it all; the other reasons would only be noise for a stranger.
  const shown: readonly ClearanceReason[] = reasons.includes('not_staff') ? ['not_staff'] : reasons;
  throw new AppError(
    'forbidden',
    shown.map((reason) => REASON_MESSAGES[reason]).join(' '),
    shown.map((reason) => ({ location: 'clearance', message: reason })),
  );
}
