/**
 * Keyset pages over the audit tables in (tenant, chain, seq) order: the primary key's order, so
 * each page is an index range scan that starts where the last one stopped, however deep into
 * the table. The next page is requested before the current one is handed out, so the database
 * reads it while the caller hashes.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../db/transactions.js';
import type { VerifyRow } from './audit-verify-chain.js';

/** A chain head as verify reads it. */
export interface HeadRow {
  tenant_id: string;
  chain_id: number;
  last_seq: string | number;
  /** Hex. */
  last_hash: string;
}

/** A checkpoint as verify reads it (`at_ms`: its signing time in milliseconds). */
export interface CheckpointRow {
  tenant_id: string;
  chain_id: number;
  seq: string | number;
  /** Hex. */
  hash: string;
  at_ms: string | number;
  key_id: string;
  signature: Uint8Array;
}

interface Position {
  tenant_id: string;
  chain_id: number;
  seq: string | number;
}

/** Which rows to read: all tenants, or one. */
export interface PageScope {
  tenantId?: string | undefined;
}

function whereClause(scope: PageScope, after: Position | undefined): RawBuilder<unknown> {
  const tenant = scope.tenantId === undefined ? sql`true` : sql`tenant_id = ${scope.tenantId}`;
  if (!after) return sql`where ${tenant}`;
  return sql`where ${tenant} and (tenant_id, chain_id, seq) >
    (${after.tenant_id}::uuid, ${after.chain_id}::smallint, ${after.seq}::int8)`;
}

/** An entry as the fast path reads it: `enc` is the canonical encoding built by the database. */
export interface FastRow {
  tenant_id: string;
  chain_id: number;
  seq: string | number;
  /** Hex. */
  prev_hash: string;
  /** Hex. */
  hash: string;
  enc: string;
}

// `enc` is canonicalEntry() (audit-hash.ts) after its `haven.audit.v1|<prev>|` prefix, built by
// PostgreSQL: decoding one text column costs the process a fraction of decoding 17, and the
// database has a core to spare while the process hashes. Ids are UUIDs, whose text is always
// 36 characters. If this ever disagrees with canonicalEntry(), verify re-checks the row from
// its fields in the process (the reference), so a mismatch costs time, never a wrong answer.
const str = (column: string) => sql.raw(`coalesce(length(${column}) || ':' || ${column}, '-')`);
const uuid = (column: string) => sql.raw(`coalesce('36:' || ${column}, '-')`);

// The fields' encoding, as one SQL expression (shared by both entry queries below).
const ENCODING = sql`concat_ws('|', ${uuid('tenant_id')}, chain_id, seq,
  (extract(epoch from at) * 1000)::int8, ${uuid('patient_id')}, ${uuid('actor_user_id')},
  ${uuid('on_behalf_of_user_id')}, ${str('action')}, ${str('data_category')}, ${str('outcome')},
  ${str('reason_code')}, ${str('purpose_of_use')}, ${str('source_address')}, ${str('request_id')},
  ${str('resource_type')}, ${str('resource_id')}, case when break_glass then 1 else 0 end)`;

function entriesPage(scope: PageScope, after: Position | undefined, limit: number) {
  return sql<Position>`
    select tenant_id, chain_id, seq, encode(prev_hash, 'hex') as prev_hash,
      encode(hash, 'hex') as hash, ${ENCODING} as enc
    from audit_entry ${whereClause(scope, after)}
    order by tenant_id, chain_id, seq
    limit ${limit}
  `;
}

/**
 * An entry as verify's fast path reads it: one string, the stored hash (hex) followed by the
 * text that hash must be the SHA-256 of (`haven.audit.v1|<prev hash>|<fields>`, see
 * audit-hash.ts), built by the database. One column of one string per row: the driver makes one
 * string and the process hashes a slice of it, with no concatenation, and tenant, chain and seq
 * are read from their fixed places in it (see {@link canonicalTenant} and the functions beside
 * it). Nothing in it is trusted: the hash is recomputed, and a row that does not check out is
 * re-read field by field.
 */
export interface CanonicalRow {
  r: string;
}

const HEX = 64;
/** Where the hashed text starts in a canonical row. */
export const PREIMAGE_AT = HEX;
/** The start of every hashed text. */
export const PREFIX = 'haven.audit.v1|';
/** Where the previous hash (hex) starts in a canonical row. */
export const PREV_AT = PREIMAGE_AT + PREFIX.length;
// After the previous hash and its `|` comes the tenant id as `36:<uuid>|`.
const TENANT_AT = PREV_AT + HEX + 1 + 3;
const CHAIN_AT = TENANT_AT + 36 + 1;
const BAR = 124; // '|'

/** The tenant id of a canonical row. */
export function canonicalTenant(r: string): string {
  return r.slice(TENANT_AT, TENANT_AT + 36);
}

/** Whether a canonical row belongs to the chain (`tenantId`, `chainId`). */
export function inCanonicalChain(r: string, tenantId: string, chainId: number): boolean {
  return r.startsWith(tenantId, TENANT_AT) && canonicalChainId(r) === chainId;
}

function numberAt(r: string, from: number): number {
  let value = 0;
  for (let i = from; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c === BAR) return value;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** The chain id of a canonical row. */
export function canonicalChainId(r: string): number {
  return numberAt(r, CHAIN_AT);
}

/** The seq of a canonical row. */
export function canonicalSeq(r: string): number {
  return numberAt(r, r.indexOf('|', CHAIN_AT) + 1);
}

function canonicalPage(scope: PageScope, after: Position | undefined, limit: number) {
  return sql<CanonicalRow>`
    select encode(hash, 'hex') || 'haven.audit.v1|' || encode(prev_hash, 'hex') || '|' ||
      ${ENCODING} as r
    from audit_entry ${whereClause(scope, after)}
    order by tenant_id, chain_id, seq
    limit ${limit}
  `;
}

function canonicalPosition(row: CanonicalRow): Position {
  const { r } = row;
  return { tenant_id: canonicalTenant(r), chain_id: canonicalChainId(r), seq: canonicalSeq(r) };
}

/** Whole entries `fromSeq` to `toSeq` of one chain, for checking them field by field. */
export async function fullRows(
  tx: Tx,
  tenantId: string,
  chainId: number,
  fromSeq: number,
  toSeq: number,
): Promise<VerifyRow[]> {
  const { rows } = await sql<VerifyRow>`
    select tenant_id, chain_id, seq, (extract(epoch from at) * 1000)::int8 as at_ms, patient_id,
      actor_user_id, on_behalf_of_user_id, action, data_category, outcome, reason_code,
      purpose_of_use, source_address, request_id, resource_type, resource_id, break_glass,
      encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash
    from audit_entry
    where tenant_id = ${tenantId} and chain_id = ${chainId} and seq between ${fromSeq} and ${toSeq}
    order by seq
  `.execute(tx);
  return rows;
}

function checkpointsPage(scope: PageScope, after: Position | undefined, limit: number) {
  return sql<Position>`
    select tenant_id, chain_id, seq, encode(hash, 'hex') as hash, (extract(epoch from signed_at) * 1000)::int8 as at_ms,
      key_id, signature
    from audit_checkpoint ${whereClause(scope, after)}
    order by tenant_id, chain_id, seq
    limit ${limit}
  `;
}

/** Yields the rows of `table` page by page, prefetching one page ahead. */
export function keysetPages(
  tx: Tx,
  table: 'entries',
  scope: PageScope,
  pageSize: number,
): AsyncGenerator<FastRow[]>;
export function keysetPages(
  tx: Tx,
  table: 'canonical',
  scope: PageScope,
  pageSize: number,
): AsyncGenerator<CanonicalRow[]>;
export function keysetPages(
  tx: Tx,
  table: 'checkpoints',
  scope: PageScope,
  pageSize: number,
): AsyncGenerator<CheckpointRow[]>;
export async function* keysetPages(
  tx: Tx,
  table: 'entries' | 'canonical' | 'checkpoints',
  scope: PageScope,
  pageSize: number,
): AsyncGenerator<unknown[]> {
  const query =
    table === 'entries' ? entriesPage : table === 'canonical' ? canonicalPage : checkpointsPage;
  const position = (row: unknown): Position =>
    table === 'canonical' ? canonicalPosition(row as CanonicalRow) : (row as Position);
  const fetch = async (after: Position | undefined) =>
    (await query(scope, after, pageSize).execute(tx)).rows as unknown[];
  let next = fetch(undefined);
  for (;;) {
    const page = await next;
    if (page.length === 0) return;
    const last = page[page.length - 1];
    next = page.length < pageSize ? Promise.resolve([]) : fetch(position(last));
    // If the caller stops early, a failure of the prefetched page must not go unhandled.
    next.catch(() => undefined);
    yield page;
  }
}
