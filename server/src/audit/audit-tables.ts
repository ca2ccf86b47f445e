/** Kysely types of the tables for the tamper-evident audit log; HavenSchema (db/schema.ts) extends this. */
import type { ColumnType } from 'kysely';

/** int8 columns: `pg` returns them as strings, PGlite as numbers. Read them through Number(). */
type BigIntColumn = ColumnType<string | number, number | string, number | string>;

/** One audit entry (table audit_entry). Append-only for haven_app. */
export interface AuditEntryTable {
  tenant_id: string;
  chain_id: number;
  seq: BigIntColumn;
  at: ColumnType<Date, Date | string, never>;
  patient_id: string | null;
  actor_user_id: string | null;
  on_behalf_of_user_id: string | null;
  action: string;
  data_category: string | null;
  outcome: string;
  reason_code: string | null;
  purpose_of_use: string | null;
  source_address: string | null;
  request_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  break_glass: boolean;
  prev_hash: Buffer;
  hash: Buffer;
}

/** The head of one chain: its last seq and hash (table audit_chain_head). */
export interface AuditChainHeadTable {
  tenant_id: string;
  chain_id: number;
  last_seq: BigIntColumn;
  last_hash: Buffer;
}

/** An Ed25519 signature over a chain head (table audit_checkpoint). System path only. */
export interface AuditCheckpointTable {
  tenant_id: string;
  chain_id: number;
  seq: BigIntColumn;
  hash: Buffer;
  signed_at: ColumnType<Date, Date | string, never>;
  key_id: string;
  signature: Buffer;
}

/** A checkpoint signing key pair; the private half sealed with the platform data key. */
export interface AuditSigningKeyTable {
  id: string;
  public_key: Buffer;
  private_key_sealed: Buffer;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The audit log's tables, merged into HavenSchema. */
export interface AuditTables {
  audit_entry: AuditEntryTable;
  audit_chain_head: AuditChainHeadTable;
  audit_checkpoint: AuditCheckpointTable;
  audit_signing_key: AuditSigningKeyTable;
}
