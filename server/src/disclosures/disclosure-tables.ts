/** Kysely type of the accounting of disclosures; HavenSchema (db/schema.ts) extends this. */
import type { ColumnType } from 'kysely';

/** Times are set once: haven_app may not update a disclosure row (append-only). */
type FixedTime = ColumnType<Date, Date | string, never>;

/** One disclosure of a patient's information outside the practice (table disclosure). */
export interface DisclosureTable {
  tenant_id: string;
  id: string;
  patient_id: string;
  disclosed_at: FixedTime;
  recorded_at: FixedTime;
  recorded_by: string;
  /** A DisclosurePurpose code, checked by the table. */
  purpose: string;
  /** Recipient, description and legal basis, sealed with the patient's data key. */
  sealed: Buffer;
}

/** The disclosures folder's tables, merged into HavenSchema. */
export interface DisclosureTables {
  disclosure: DisclosureTable;
}
