/** Kysely type of the payments toward statements; HavenSchema (db/schema.ts) extends this. */
import type { ColumnType } from 'kysely';

type FixedTime = ColumnType<Date, Date | string, never>;

/** One card payment toward a statement (table statement_payment). */
export interface StatementPaymentTable {
  tenant_id: string;
  id: string;
  patient_id: string;
  /** The statement's Invoice id. */
  statement_id: string;
  /** bigint: pg answers it as a string, PGlite as a number; read through Number(). */
  amount_cents: ColumnType<string | number, number, never>;
  currency: string;
  /** 'pending' | 'succeeded' | 'declined', checked by the table. */
  status: string;
  processor: string;
  idempotency_key: string;
  paid_by: string;
  created_at: FixedTime;
  settled_at: ColumnType<Date | null, Date | string | null, Date | string>;
  /** The processor's reference, token, card brand and last 4, sealed with the practice's key. */
  sealed: Buffer;
}

/** The billing folder's tables, merged into HavenSchema. */
export interface BillingTables {
  statement_payment: StatementPaymentTable;
}
