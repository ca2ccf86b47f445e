/**
 * Granting and revoking proxy access (CHILD-1: a guardian acts for a child; adults choose their
 * own proxies). Every function runs in a tenant transaction opened by the caller, which also
 * authorises the actor (staff for guardian grants, the patient for their own grants). The rules
 * about who may be given what live here.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { ADULT_AGE, ageInYears } from './age.js';
import {
  PROXY_SCOPES,
  assertUuid,
  assertValidDate,
  canonicalScopes,
  grantStatus,
  mapUnknownAccount,
  toProxyGrant,
  type ProxyGrant,
  type ProxyGrantStatus,
  type ProxyScope,
} from './proxy-model.js';
import type { ProxyGrantTable } from './proxy-tables.js';

/** A guardian grant recorded by staff for a patient under 18. */
export interface GuardianGrantInput {
  patientId: string;
  patientDateOfBirth: string;
  guardianUserId: string;
  relationship: 'parent' | 'legal_guardian';
  /** The staff member recording it. */
  grantedBy: string;
  now: Date;
}

/** A proxy an adult patient chooses for themselves. */
export interface PatientGrantInput {
  patientId: string;
  patientDateOfBirth: string;
  proxyUserId: string;
  proxyDateOfBirth: string;
  relationship: 'caregiver' | 'parent' | 'legal_guardian';
  scopes: readonly string[];
  expiresAt?: Date;
  /** The patient's account (or staff acting on the patient's documented request). */
  grantedBy: string;
  now: Date;
}

/**
 * Gives a parent or legal guardian proxy access to a patient under 18, with every scope. It ends
 * by itself when the patient turns 18 (see effectiveProxyAccess). A guardian who already holds a
 * grant in force for this patient is a conflict. An adult patient is unprocessable: adults grant
 * their own proxies (grantProxyByPatient). `grantedBy` must be staff of this practice in a
 * front-line role (clinician, nurse, front desk, administrator, privacy officer): forbidden
 * otherwise.
 */
export async function grantGuardianAccess(tx: Tx, input: GuardianGrantInput): Promise<ProxyGrant> {
  if (input.relationship !== 'parent' && input.relationship !== 'legal_guardian') {
    throw new AppError('validation_failed', 'A guardian is a parent or a legal guardian.', [
      { location: 'relationship', message: 'must be parent or legal_guardian' },
    ]);
  }
  const age = ageInYears(input.patientDateOfBirth, input.now);
  if (age >= ADULT_AGE) {
    throw new AppError(
      'unprocessable',
      'The patient is an adult: only the patient can give someone access to their record.',
    );
  }
  await assertRecordedByStaff(tx, input.grantedBy);
  return insertGrant(tx, age, input.now, {
    patient_id: input.patientId,
    proxy_user_id: input.guardianUserId,
    relationship: input.relationship,
    basis: 'guardian_of_minor',
    scopes: [...PROXY_SCOPES],
    granted_by: input.grantedBy,
    expires_at: null,
  });
}

// Staff who meet families and check who is a child's guardian. Billing and research staff do not
// establish guardianship, so they cannot open a child's record to someone.
const GUARDIAN_RECORDING_ROLES = [
  'clinician',
  'nurse',
  'front_desk',
  'practice_admin',
  'privacy_officer',
] as const;

async function assertRecordedByStaff(tx: Tx, userId: string): Promise<void> {
  assertUuid(userId, 'grantedBy');
  const membership = await tx
    .selectFrom('practice_membership')
    .select('role')
    .where('user_id', '=', userId)
    .where('role', 'in', GUARDIAN_RECORDING_ROLES)
    .executeTakeFirst();
  if (!membership) {
    throw new AppError('forbidden', 'Only practice staff can record a guardian.');
  }
}

/**
 * Records an adult patient's choice of a proxy (a caregiver, or a parent or guardian of an adult).
 * Refused: a patient under 18 (unprocessable; their guardian's access is recorded by staff), a
 * proxy under 18 (unprocessable), no scope or an unknown one, an expiry not in the future
 * (validation_failed), and a grant in force for the same proxy already (conflict: revoke it and
 * grant again to change it).
 */
export async function grantProxyByPatient(tx: Tx, input: PatientGrantInput): Promise<ProxyGrant> {
  const age = ageInYears(input.patientDateOfBirth, input.now);
  if (age < ADULT_AGE) {
    throw new AppError(
      'unprocessable',
      'Only an adult patient can give someone access to their record.',
    );
  }
  if (ageInYears(input.proxyDateOfBirth, input.now) < ADULT_AGE) {
    throw new AppError('unprocessable', 'A proxy must be 18 or over.', [
      { location: 'proxyDateOfBirth', message: 'the proxy must be 18 or over' },
    ]);
  }
  const scopes = canonicalScopes(input.scopes);
  if (scopes.length === 0 || input.scopes.some((s) => !PROXY_SCOPES.includes(s as ProxyScope))) {
    throw new AppError('validation_failed', 'Choose at least one known scope.', [
      { location: 'scopes', message: `at least one of ${PROXY_SCOPES.join(', ')}, nothing else` },
    ]);
  }
  if (input.expiresAt !== undefined) {
    assertValidDate(input.expiresAt, 'expiresAt');
    if (input.expiresAt.getTime() <= input.now.getTime()) {
      throw new AppError('validation_failed', 'The expiry must be in the future.', [
        { location: 'expiresAt', message: 'must be after now' },
      ]);
    }
  }
  return insertGrant(tx, age, input.now, {
    patient_id: input.patientId,
    proxy_user_id: input.proxyUserId,
    relationship: input.relationship,
    basis: 'granted_by_patient',
    scopes,
    granted_by: input.grantedBy,
    expires_at: input.expiresAt ?? null,
  });
}

type NewGrant = Omit<Insertable<ProxyGrantTable>, 'tenant_id' | 'id' | 'granted_at'>;

async function insertGrant(
  tx: Tx,
  patientAge: number,
  now: Date,
  grant: NewGrant,
): Promise<ProxyGrant> {
  assertValidDate(now, 'now');
  assertUuid(grant.patient_id, 'patientId');
  assertUuid(grant.proxy_user_id, 'proxyUserId');
  assertUuid(grant.granted_by, 'grantedBy');
  const existing = await tx
    .selectFrom('proxy_grant')
    .selectAll()
    .where('patient_id', '=', grant.patient_id)
    .where('proxy_user_id', '=', grant.proxy_user_id)
    .where('basis', '=', grant.basis)
    .where('revoked_at', 'is', null)
    .execute();
  if (existing.some((row) => grantStatus(toProxyGrant(row), patientAge, now) === 'active')) {
    throw new AppError('conflict', 'This person already has access to this patient.');
  }
  const row = await tx
    .insertInto('proxy_grant')
    // The tenant is the transaction's own: a grant cannot be written for another practice.
    .values({
      ...grant,
      tenant_id: sql<string>`haven_current_tenant()`,
      id: randomUUID(),
      granted_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(mapUnknownAccount);
  return toProxyGrant(row);
}

/** What revokeProxy did: `alreadyRevoked` when the grant had been revoked before this call. */
export interface RevokeResult {
  grant: ProxyGrant;
  alreadyRevoked: boolean;
}

/**
 * Revokes a grant, effective at once: every later check reads the revocation. Revoking a revoked
 * grant is a no-op that keeps the first revocation (its time and author) and says so with
 * `alreadyRevoked`, so a retried request is harmless. An unknown grant (or another practice's)
 * is not_found.
 */
export async function revokeProxy(
  tx: Tx,
  input: { grantId: string; revokedBy: string; now: Date },
): Promise<RevokeResult> {
  assertUuid(input.grantId, 'grantId');
  assertUuid(input.revokedBy, 'revokedBy');
  assertValidDate(input.now, 'now');
  // Conditional on `revoked_at is null`, so two concurrent revocations cannot both write.
  const revoked = await tx
    .updateTable('proxy_grant')
    .set({ revoked_at: input.now, revoked_by: input.revokedBy })
    .where('id', '=', input.grantId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
    .catch(mapUnknownAccount);
  if (revoked) return { grant: toProxyGrant(revoked), alreadyRevoked: false };
  const row = await tx
    .selectFrom('proxy_grant')
    .selectAll()
    .where('id', '=', input.grantId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such proxy grant.');
  return { grant: toProxyGrant(row), alreadyRevoked: true };
}

/** A grant with where it stands now. */
export interface ProxyGrantWithStatus extends ProxyGrant {
  status: ProxyGrantStatus;
}

/**
 * Everyone who holds or held proxy access to a patient, newest first, each with its status at
 * `now` (what a patient or staff member reviews: who can act for this patient).
 */
export async function listProxiesForPatient(
  tx: Tx,
  input: { patientId: string; patientDateOfBirth: string; now: Date },
): Promise<ProxyGrantWithStatus[]> {
  assertUuid(input.patientId, 'patientId');
  const age = ageInYears(input.patientDateOfBirth, input.now);
  const rows = await tx
    .selectFrom('proxy_grant')
    .selectAll()
    .where('patient_id', '=', input.patientId)
    .orderBy('granted_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const grant = toProxyGrant(row);
    return { ...grant, status: grantStatus(grant, age, input.now) };
  });
}
