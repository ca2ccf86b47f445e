/** Kysely types of the identity tables (migration 20261124T2230_identity.sql). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface UserSessionTable {
  id: string;
  token_hash: Buffer;
  csrf_hash: Buffer;
  user_id: string;
  stage: 'mfa' | 'active';
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_timeout_seconds: number;
  expires_at: Timestamp;
  mfa_method: string | null;
  device_id: string | null;
  ip: string | null;
  browser: string | null;
  acting_tenant_id: string | null;
  acting_patient_id: string | null;
  ended_at: NullableTimestamp;
  ended_reason: string | null;
}

export type SignInOutcome =
  'success' | 'bad_credentials' | 'locked' | 'mfa_failed' | 'mfa_passed' | 'rate_limited';

export interface SignInEventTable {
  id: string;
  user_id: string | null;
  email_index: string;
  at: Timestamp;
  outcome: SignInOutcome;
  ip: string | null;
  browser: string | null;
  device_id: string | null;
}

export interface KnownDeviceTable {
  user_id: string;
  device_hash: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  browser: string | null;
}

export interface RateLimitBucketTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface AccountLockoutTable {
  email_index: string;
  failures: number;
  locked_until: NullableTimestamp;
  last_failure_at: Timestamp;
}

export interface PasswordResetTokenTable {
  token_hash: Buffer;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface EmailJobTable {
  id: string;
  created_at: Timestamp;
  sealed: Buffer;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sent_at: NullableTimestamp;
  last_error: string | null;
}

export interface PracticeSecurityPolicyTable {
  tenant_id: string;
  staff_idle_minutes: number;
  patient_idle_minutes: number;
}

export type PatientAccountStatus = 'pending_identity' | 'pending_guardian' | 'active' | 'closed';

export interface PatientAccountTable {
  tenant_id: string;
  user_id: string;
  patient_id: string | null;
  status: PatientAccountStatus;
  created_at: Timestamp;
  activated_at: NullableTimestamp;
}

export interface ActivationCodeTable {
  tenant_id: string;
  code_hash: Buffer;
  patient_id: string;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  used_by: string | null;
  failed_attempts: Generated<number>;
}

export type IdDocumentType = 'drivers_license' | 'passport' | 'state_id' | 'military_id' | 'other';

export interface IdentityVerificationTable {
  tenant_id: string;
  user_id: string;
  id_type: IdDocumentType;
  last_four_sealed: Buffer;
  verified_by: string;
  verified_at: Timestamp;
}

export interface StaffLicenceTable {
  tenant_id: string;
  user_id: string;
  number_sealed: Buffer;
  issuing_state: string;
  expires_on: ColumnType<string, string, string>;
  verification: 'unverified' | 'verified' | 'rejected';
  verified_by: string | null;
  verified_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface ConfidentialityAttestationTable {
  tenant_id: string;
  user_id: string;
  version: string;
  signed_at: Timestamp;
}

export interface IdentityTables {
  user_session: UserSessionTable;
  sign_in_event: SignInEventTable;
  known_device: KnownDeviceTable;
  rate_limit_bucket: RateLimitBucketTable;
  account_lockout: AccountLockoutTable;
  password_reset_token: PasswordResetTokenTable;
  email_job: EmailJobTable;
  practice_security_policy: PracticeSecurityPolicyTable;
  patient_account: PatientAccountTable;
  activation_code: ActivationCodeTable;
  identity_verification: IdentityVerificationTable;
  staff_licence: StaffLicenceTable;
  confidentiality_attestation: ConfidentialityAttestationTable;
}
