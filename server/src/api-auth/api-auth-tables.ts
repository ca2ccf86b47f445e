/**
 * Kysely types of the API client and token tables, kept beside the SQL in
 * server/migrations/20261125T0200_api_clients.sql; HavenSchema (db/schema.ts) extends this.
 */
import type { ColumnType } from 'kysely';

/** Set once when the row is written, never updated. */
type WrittenOnce<T> = ColumnType<T, T, never>;
type RevokedAt = ColumnType<Date | null, Date | null | undefined, Date>;

export type ApiClientKind = 'system' | 'user-delegated';
export type ApiTokenKind = 'client_access' | 'personal' | 'user_access';
export type ActingAs = 'staff' | 'patient';

/** A client a practice administrator registered; only revocation ever changes. */
export interface ApiClientTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  name: WrittenOnce<string>;
  kind: WrittenOnce<ApiClientKind>;
  secret_hash: WrittenOnce<Buffer | null>;
  scopes: WrittenOnce<string[]>;
  redirect_uris: ColumnType<string[], string[] | undefined, never>;
  created_by: WrittenOnce<string>;
  created_at: WrittenOnce<Date>;
  revoked_at: RevokedAt;
  revoked_by: ColumnType<string | null, string | null | undefined, string>;
}

/** An issued bearer token (its HMAC only); only revocation ever changes. */
export interface ApiTokenTable {
  tenant_id: WrittenOnce<string>;
  id: WrittenOnce<string>;
  token_hash: WrittenOnce<Buffer>;
  kind: WrittenOnce<ApiTokenKind>;
  client_id: WrittenOnce<string | null>;
  user_id: WrittenOnce<string | null>;
  acting_as: WrittenOnce<ActingAs | null>;
  patient_id: WrittenOnce<string | null>;
  scopes: WrittenOnce<string[]>;
  name: WrittenOnce<string | null>;
  created_at: WrittenOnce<Date>;
  expires_at: WrittenOnce<Date>;
  revoked_at: RevokedAt;
}

export interface ApiAuthTables {
  api_client: ApiClientTable;
  api_token: ApiTokenTable;
}
