/**
 * Kysely types of the tables for multi-factor authentication (migration
 * `20261124T2210_mfa.sql`); HavenSchema (db/schema.ts) extends this. The tables are
 * platform-level (no tenant id) and reached only through `systemTransaction`.
 */
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A TOTP secret, sealed with the platform key: one pending (being enrolled) and one active. */
export interface MfaTotpTable {
  user_id: string;
  state: 'pending' | 'active';
  secret_sealed: Buffer;
  /** The last accepted 30-second time step, so a code is never accepted twice. */
  last_step: number | null;
  created_at: CreatedAt;
}

/** A registered WebAuthn credential (passkey or security key). Only its public key is held. */
export interface MfaPasskeyTable {
  id: string;
  user_id: string;
  /** base64url, as WebAuthn JSON carries it. */
  credential_id: string;
  /** COSE-encoded public key. */
  public_key: Buffer;
  /** bigint in SQL (the signature counter is a uint32): `pg` reads it as a string, PGlite as a number. */
  counter: ColumnType<string | number, number, number>;
  /** jsonb array of transport hints; written as a JSON string. */
  transports: ColumnType<string[], string, string>;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: boolean;
  name: string;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The one outstanding WebAuthn challenge of a user per ceremony, stored as its SHA-256. */
export interface MfaWebauthnChallengeTable {
  user_id: string;
  purpose: 'registration' | 'authentication';
  challenge_hash: Buffer;
  expires_at: Timestamp;
}

/** One unused recovery code: HMAC-SHA256 under its own random salt. */
export interface MfaRecoveryCodeTable {
  user_id: string;
  slot: number;
  salt: Buffer;
  code_hash: Buffer;
  created_at: CreatedAt;
}

/** The one active e-mailed code of a user, hashed, with its attempt count and expiry. */
export interface MfaEmailCodeTable {
  user_id: string;
  salt: Buffer;
  code_hash: Buffer;
  attempts: ColumnType<number, number | undefined, number>;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

/** When each e-mailed code was issued, for the hourly limit. */
export interface MfaEmailCodeIssueTable {
  user_id: string;
  issued_at: Timestamp;
}

/** The MFA tables by name. */
export interface MfaTables {
  mfa_totp: MfaTotpTable;
  mfa_passkey: MfaPasskeyTable;
  mfa_webauthn_challenge: MfaWebauthnChallengeTable;
  mfa_recovery_code: MfaRecoveryCodeTable;
  mfa_email_code: MfaEmailCodeTable;
  mfa_email_code_issue: MfaEmailCodeIssueTable;
}
