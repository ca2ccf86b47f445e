/**
 * Appending to a hash chain: the one mechanism behind both the batching AuditWriter and
 * appendInTransaction. Several chains per tenant (chain_id), so that writers on different nodes
 * rarely meet on the same head row, and no global serial point exists.
 *
 * In a transaction: (1) read the chain head and the database time, without a lock; (2) compute
 * the entries' seqs and hashes in the process; (3) in one statement, move the head from the seq
 * read to the new last seq (compare-and-set on the head row) and insert the entries only if
 * that succeeded; then the caller commits. The head row's lock is taken in the last statement
 * before COMMIT and held only until it. If another writer moved the head in between, the
 * statement inserts nothing, and we retry on another chain, with no error in the transaction
 * (so this also works inside a caller's transaction).
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import {
  AuditEntryError,
  validateAuditEntry,
  type AuditEntryFields,
  type AuditEntryInput,
} from './audit-entry.js';
import { GENESIS_HASH, hashEntry, type ChainedEntry } from './audit-hash.js';

/** Chains per tenant. Raising it later is safe (verify finds chains from the rows). */
export const AUDIT_CHAINS = 8;
/** Entries per INSERT statement; a larger batch is inserted in several, still one transaction. */
export const INSERT_CHUNK = 5000;
// After this many lost races in one call the database is saturated; fail rather than spin.
const MAX_ATTEMPTS = 20;

/** A chain id picked at random (callers keep it, so one process mostly writes one chain). */
export function randomChainId(): number {
  return randomInt(AUDIT_CHAINS);
}

/** Where a batch landed. */
export interface AppendResult {
  chainId: number;
  firstSeq: number;
  lastSeq: number;
}

interface HeadRow {
  at_ms: string | number;
  at_text: string;
  last_seq: string | number | null;
  last_hash: string | null;
}

/** An entry as hashed and as sent to json_to_recordset, hashes in hex. */
interface JsonEntry extends ChainedEntry {
  seq: number;
  prev_hash: string;
  hash: string;
}

/**
 * Writes validated entries of one tenant to a chain in the open transaction `tx`, starting with
 * `chainId` and moving to another chain if it loses a race. Resolves with where they landed;
 * they are durable when `tx` commits.
 */
export async function appendToChain(
  tx: Tx,
  tenantId: string,
  entries: readonly AuditEntryFields[],
  chainId: number,
): Promise<AppendResult> {
  if (entries.length === 0) throw new Error('appendToChain needs at least one entry');
  let chain = chainId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const head = (
      await sql<HeadRow>`
        select (extract(epoch from t.at) * 1000)::int8 as at_ms, t.at::text as at_text,
               h.last_seq, encode(h.last_hash, 'hex') as last_hash
        from (select date_trunc('milliseconds', clock_timestamp()) as at) as t
        left join audit_chain_head h on h.tenant_id = ${tenantId} and h.chain_id = ${chain}
      `.execute(tx)
    ).rows[0];
    if (!head) throw new Error('the chain head query returned no row');
    const lastSeq = head.last_seq === null ? 0 : Number(head.last_seq);
    const rows = chainEntries(entries, tenantId, chain, lastSeq, head);
    const last = rows[rows.length - 1] as JsonEntry;
    const first = rows.slice(0, INSERT_CHUNK);
    const claimed = await sql`
      with claimed as (
        insert into audit_chain_head as h (tenant_id, chain_id, last_seq, last_hash)
        values (${tenantId}, ${chain}, ${last.seq}, decode(${last.hash}, 'hex'))
        on conflict (tenant_id, chain_id) do update
          set last_seq = excluded.last_seq, last_hash = excluded.last_hash
          where h.last_seq = ${lastSeq}
        returning 1
      )
      ${insertEntries(tenantId, chain, head.at_text, first)}
      where exists (select 1 from claimed)
    `.execute(tx);
    if (Number(claimed.numAffectedRows ?? 0) === first.length) {
      // The head is ours until commit: the rest of a large batch follows in further chunks.
      for (let from = INSERT_CHUNK; from < rows.length; from += INSERT_CHUNK) {
        const chunk = rows.slice(from, from + INSERT_CHUNK);
        await sql`${insertEntries(tenantId, chain, head.at_text, chunk)}`.execute(tx);
      }
      return { chainId: chain, firstSeq: lastSeq + 1, lastSeq: Number(last.seq) };
    }
    // Another writer (another node, or a caller's transaction) moved this head: go elsewhere.
    chain = (chain + 1 + randomInt(AUDIT_CHAINS - 1)) % AUDIT_CHAINS;
  }
  throw new AppError('unavailable', 'The audit log is too busy right now; try again shortly.');
}

function chainEntries(
  entries: readonly AuditEntryFields[],
  tenantId: string,
  chainId: number,
  lastSeq: number,
  head: HeadRow,
): JsonEntry[] {
  let prev = head.last_hash ?? GENESIS_HASH;
  const atMs = Number(head.at_ms);
  return entries.map((e, i) => {
    // One object per entry, hashed and then sent as JSON as it is (json_to_recordset ignores
    // the keys it is not asked for: tenant, chain and time go as single parameters).
    const row: JsonEntry = {
      tenant_id: tenantId,
      chain_id: chainId,
      seq: lastSeq + 1 + i,
      at_ms: atMs,
      patient_id: e.patientId,
      actor_user_id: e.actorUserId,
      on_behalf_of_user_id: e.onBehalfOfUserId,
      action: e.action,
      data_category: e.dataCategory,
      outcome: e.outcome,
      reason_code: e.reasonCode,
      purpose_of_use: e.purposeOfUse,
      source_address: e.sourceAddress,
      request_id: e.requestId,
      resource_type: e.resourceType,
      resource_id: e.resourceId,
      break_glass: e.breakGlass,
      prev_hash: prev,
      hash: '',
    };
    row.hash = hashEntry(prev, row);
    prev = row.hash;
    return row;
  });
}

// One multi-row INSERT whose rows arrive as a single JSON parameter: no bind-parameter limit
// to chunk around, and PostgreSQL parses one value instead of planning thousands of parameters.
function insertEntries(tenantId: string, chainId: number, atText: string, rows: JsonEntry[]) {
  return sql`
    insert into audit_entry (tenant_id, chain_id, seq, at, patient_id, actor_user_id,
      on_behalf_of_user_id, action, data_category, outcome, reason_code, purpose_of_use,
      source_address, request_id, resource_type, resource_id, break_glass, prev_hash, hash)
    select ${tenantId}::uuid, ${chainId}::smallint, r.seq, ${atText}::timestamptz, r.patient_id,
      r.actor_user_id, r.on_behalf_of_user_id, r.action, r.data_category, r.outcome,
      r.reason_code, r.purpose_of_use, r.source_address, r.request_id, r.resource_type,
      r.resource_id, r.break_glass, decode(r.prev_hash, 'hex'), decode(r.hash, 'hex')
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(seq bigint, patient_id uuid,
      actor_user_id uuid, on_behalf_of_user_id uuid, action text, data_category text,
      outcome text, reason_code text, purpose_of_use text, source_address text,
      request_id text, resource_type text, resource_id text, break_glass boolean,
      prev_hash text, hash text)
  `;
}

/**
 * Audits inside the caller's own write transaction (the entry commits or rolls back with the
 * write). Call it as late as possible in the transaction: from here to COMMIT the transaction
 * holds the head row of one of the tenant's chains. Each call picks a chain at random, so
 * concurrent request transactions of one process spread over the chains instead of queueing
 * on one head.
 * The transaction must be READ COMMITTED (Haven's default): a lost race is retried with a
 * fresh read of the head, which a repeatable-read snapshot would not give.
 *
 * @throws {AuditEntryError} for a malformed entry, or entries of more than one tenant.
 */
export async function appendInTransaction(
  tx: Tx,
  entries: readonly AuditEntryInput[],
): Promise<AppendResult | undefined> {
  const fields = validateBatch(entries);
  if (fields.length === 0) return undefined;
  return appendToChain(tx, (fields[0] as AuditEntryFields).tenantId, fields, randomChainId());
}

/** Validates every entry and checks that they share one tenant (one call is one transaction). */
export function validateBatch(entries: readonly AuditEntryInput[]): AuditEntryFields[] {
  const fields = entries.map(validateAuditEntry);
  const tenantId = fields[0]?.tenantId;
  if (fields.some((f) => f.tenantId !== tenantId)) {
    throw new AuditEntryError('audit entry: the entries of one call must share one tenantId');
  }
  return fields;
}
