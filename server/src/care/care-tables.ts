/**
 * Kysely types of the tables the access gate reads about staff, kept beside the SQL in
 * server/migrations/20261125T0050_care_relationships.sql; HavenSchema (db/schema.ts) extends this.
 */
import type { ColumnType } from 'kysely';

/** Set once when the row is written, never updated. */
type WrittenOnce<T> = ColumnType<T, T, never>;

/** Why a staff member treats a patient. */
export type CareRelationshipKind = 'care_team' | 'appointment' | 'encounter';

export interface CareRelationshipTable {
  tenant_id: WrittenOnce<string>;
  patient_id: WrittenOnce<string>;
  user_id: WrittenOnce<string>;
  kind: WrittenOnce<CareRelationshipKind>;
  source_id: WrittenOnce<string>;
  starts_at: WrittenOnce<Date>;
  ends_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  added_by: WrittenOnce<string | null>;
}

export interface StaffSensitiveAccessTable {
  tenant_id: WrittenOnce<string>;
  user_id: WrittenOnce<string>;
  label: WrittenOnce<string>;
  granted_by: WrittenOnce<string | null>;
  granted_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CareTables {
  care_relationship: CareRelationshipTable;
  staff_sensitive_access: StaffSensitiveAccessTable;
}
