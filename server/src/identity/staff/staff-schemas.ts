/**
 * TypeBox schemas of the staff routes, and the mapping of service results onto them. Output
 * goes through these schemas' serializers, so a field not declared here never leaves.
 */
import { Type } from 'typebox';
import { STAFF_ROLES } from '../roles.js';
import type { AttestationSignature } from './attestation.js';
import type { StaffLicence } from './licences.js';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });

/** A practice role name; anything else (`platform_admin` included) fails validation. */
export const RoleName = Type.Union(STAFF_ROLES.map((role) => Type.Literal(role)));

export const PracticeParams = Type.Object({ tenantId: Uuid });
export const StaffParams = Type.Object({ tenantId: Uuid, userId: Uuid });
export const StaffRoleParams = Type.Object({ tenantId: Uuid, userId: Uuid, role: RoleName });

export const ClearanceAnswer = Type.Object({
  roles: Type.Array(RoleName),
  mfa: Type.Boolean(),
  attested: Type.Boolean(),
  attestationVersion: Type.String(),
  licence: Type.Union(
    ['not_required', 'valid', 'expired', 'unverified', 'rejected', 'missing'].map((state) =>
      Type.Literal(state),
    ),
  ),
  patientData: Type.Boolean(),
  clinicalAccess: Type.Boolean(),
  reasons: Type.Array(Type.String()),
});

export const Signature = Type.Object({ version: Type.String(), signedAt: DateTime });

export const AttestationAnswer = Type.Object({
  version: Type.String(),
  locale: Type.Union([Type.Literal('en'), Type.Literal('es')]),
  title: Type.String(),
  paragraphs: Type.Array(Type.String()),
  /** When the caller signed the current version; null if not yet. */
  signedAt: Type.Union([DateTime, Type.Null()]),
  history: Type.Array(Signature),
});

export const LicenceBody = Type.Object({
  number: Type.String({ minLength: 4, maxLength: 40 }),
  issuingState: Type.String({ pattern: '^[A-Za-z]{2}$' }),
  expiresOn: Type.String({ format: 'date' }),
});

export const VerificationBody = Type.Object({
  decision: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
});

export const LicenceAnswer = Type.Object({
  userId: Uuid,
  issuingState: Type.String(),
  expiresOn: Type.String({ format: 'date' }),
  verification: Type.Union([
    Type.Literal('unverified'),
    Type.Literal('verified'),
    Type.Literal('rejected'),
  ]),
  decidedBy: Type.Union([Uuid, Type.Null()]),
  decidedAt: Type.Union([DateTime, Type.Null()]),
  updatedAt: DateTime,
  /** Only for practice administrators. */
  numberLastFour: Type.Optional(Type.String()),
});

export const StaffMemberAnswer = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  email: Type.String(),
  roles: Type.Array(RoleName),
  licence: Type.Union([LicenceAnswer, Type.Null()]),
  lastAttestation: Type.Union([Signature, Type.Null()]),
  clearance: ClearanceAnswer,
});

export const RolesAnswer = Type.Object({ userId: Uuid, roles: Type.Array(RoleName) });

/** A licence as JSON (dates as ISO strings). */
export function licenceJson(licence: StaffLicence) {
  return {
    userId: licence.userId,
    issuingState: licence.issuingState,
    expiresOn: licence.expiresOn,
    verification: licence.verification,
    decidedBy: licence.decidedBy,
    decidedAt: licence.decidedAt?.toISOString() ?? null,
    updatedAt: licence.updatedAt.toISOString(),
    ...(licence.numberLastFour === undefined ? {} : { numberLastFour: licence.numberLastFour }),
  };
}

/** A signature as JSON. */
export function signatureJson(signature: AttestationSignature) {
  return { version: signature.version, signedAt: signature.signedAt.toISOString() };
}
