/**
 * Kysely types of the break-the-glass table, kept beside the SQL in
 * server/migrations/20261125T0030_break_glass.sql; HavenSchema (db/schema.ts) extends this.
 */
import type { ColumnType } from 'kysely';

/** Set once when the row is written, never updated (haven_app has no UPDATE on it). */
type WrittenOnce<T> = ColumnType<T, T, never>;

/** The coded reasons a clinician picks from; the free-text explanation is sealed beside it. */
export const BREAK_GLASS_REASON_CODES = [
  'emergency_care',
  'urgent_consult',
  'patient_unreachable',
  'other',
] as const;
/** One coded reason. */
export type BreakGlassReasonCode = (typeof BREAK_GLASS_REASON_CODES)[number];

/** Where a grant's review stands. */
export const REVIEW_STATES = ['pending', 'justified', 'not_justified'] as const;
/** One review state. */
export type ReviewState = (typeof REVIEW_STATES)[number];

/** One emergency access grant; only the review columns ever change, and only once. */
export interface BreakGlassGrantTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  user_id: WrittenOnce<string>;
  patient_id: WrittenOnce<string>;
  reason_code: WrittenOnce<BreakGlassReasonCode>;
  reason_sealed: WrittenOnce<Buffer>;
  granted_at: WrittenOnce<Date>;
  expires_at: WrittenOnce<Date>;
  review_state: ColumnType<ReviewState, ReviewState | undefined, ReviewState>;
  reviewed_by: ColumnType<string | null, string | null | undefined, string>;
  reviewed_at: ColumnType<Date | null, Date | null | undefined, Date>;
  review_note_sealed: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
}

/** The break-glass tables. */
export interface BreakGlassTables {
  break_glass_grant: BreakGlassGrantTable;
}
