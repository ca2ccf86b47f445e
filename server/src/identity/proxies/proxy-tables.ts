/**
 * Kysely types of the tables for proxy (guardian and caregiver) access, kept beside the SQL in
 * server/migrations/20261124T2220_proxies.sql; HavenSchema (db/schema.ts) extends this.
 */
import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** Set once when the row is written, never updated. */
type WrittenOnce<T> = ColumnType<T, T, never>;

/** The practice's choice of what a teenager's guardian does not see; no row means the default. */
export interface PracticeTeenPolicyTable {
  tenant_id: WrittenOnce<string>;
  excluded_categories: string[];
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One grant of proxy access; only the revocation columns ever change, and only once. */
export interface ProxyGrantTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  patient_id: WrittenOnce<string>;
  proxy_user_id: WrittenOnce<string>;
  relationship: WrittenOnce<'parent' | 'legal_guardian' | 'caregiver'>;
  basis: WrittenOnce<'guardian_of_minor' | 'granted_by_patient'>;
  scopes: WrittenOnce<string[]>;
  granted_by: WrittenOnce<string>;
  granted_at: WrittenOnce<Date>;
  expires_at: WrittenOnce<Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date>;
  revoked_by: ColumnType<string | null, string | null | undefined, string>;
}

/** A guardian's recorded consent to a teenager's own account (append-only). */
export interface GuardianConsentTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  patient_id: WrittenOnce<string>;
  guardian_user_id: WrittenOnce<string>;
  grant_id: WrittenOnce<string>;
  consented_at: WrittenOnce<Date>;
  recorded_by: WrittenOnce<string>;
  method: WrittenOnce<'in_person' | 'signed_form' | 'electronic_signature'>;
  recorded_at: CreatedAt;
}

/** The proxy tables, merged into HavenSchema. */
export interface ProxyTables {
  practice_teen_policy: PracticeTeenPolicyTable;
  proxy_grant: ProxyGrantTable;
  guardian_consent: GuardianConsentTable;
}
