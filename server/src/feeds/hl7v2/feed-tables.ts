/**
 * Kysely types of the HL7 v2 feed tables, kept beside the SQL in
 * server/migrations/20261125T0300_hl7_feeds.sql; HavenSchema (db/schema.ts) extends this.
 */
import type { ColumnType } from 'kysely';

/** Set once when the row is written, never updated (haven_app has no UPDATE on it). */
type WrittenOnce<T> = ColumnType<T, T, never>;

export type AckCode = 'AA' | 'AE' | 'AR';
export type ReconciliationReason = 'no_match' | 'several_matches';
export type ReconciliationStatus = 'open' | 'resolved' | 'discarded';

export interface Hl7MessageTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  digest: WrittenOnce<string>;
  sending_application: WrittenOnce<string>;
  sending_facility: WrittenOnce<string>;
  control_id: WrittenOnce<string>;
  message_type: WrittenOnce<string>;
  received_at: WrittenOnce<Date>;
  ack_code: WrittenOnce<AckCode>;
  ack: WrittenOnce<string>;
}

export interface Hl7ReconciliationTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  message_id: WrittenOnce<string>;
  received_at: WrittenOnce<Date>;
  message_type: WrittenOnce<string>;
  reason: WrittenOnce<ReconciliationReason>;
  message_sealed: WrittenOnce<Buffer>;
  status: ColumnType<ReconciliationStatus, ReconciliationStatus | undefined, ReconciliationStatus>;
  closed_by: ColumnType<string | null, string | null | undefined, string>;
  closed_at: ColumnType<Date | null, Date | null | undefined, Date>;
  discard_reason_sealed: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
}

export interface Hl7ResultLinkTable {
  tenant_id: WrittenOnce<string>;
  link: WrittenOnce<string>;
  resource_type: WrittenOnce<string>;
  resource_id: WrittenOnce<string>;
}

export interface ResultReleasePreferenceTable {
  tenant_id: WrittenOnce<string>;
  patient_id: WrittenOnce<string>;
  preference_sealed: Buffer;
  updated_at: Date;
}

/** The feed tables. */
export interface FeedTables {
  hl7_message: Hl7MessageTable;
  hl7_reconciliation: Hl7ReconciliationTable;
  hl7_result_link: Hl7ResultLinkTable;
  result_release_preference: ResultReleasePreferenceTable;
}
