/**
 * Appending to a hash chain: the one mechanism behind both the batching AuditWriter and
 * appendInTransaction. Several chains per tenant (chain_id), so that writers on different nodes
 * rarely meet on the same head row, and no global serial point exists.
 *
 * (1) Read the database time (and the chain head, unless the writer already knows it), without
 * a lock; (2) compute the entries' seqs and hashes in the process; (3) in one statement
 * (`haven_audit_append`, a PL/pgSQL function whose plan stays cached), move the head from the
 * seq read to the new last seq (compare-and-set on the head row) and insert the entries only if
 * that succeeded. The head row's lock is taken in that statement and held only until COMMIT.
 * If another writer moved the head in between, nothing is inserted and we retry, on another
 * chain, with no error in the transaction (so this also works inside a caller's transaction).
 *
 * The AuditWriter's usual path, {@link appendAtKnownHead}, is two round trips per batch: the
 * clock read, then one message that switches to the tenant wall and appends, which PostgreSQL
 * runs as one transaction and commits before it answers. {@link appendToChain} is the path
 * inside an open transaction (appendInTransaction, and the writer when it does not know the
 * head): it reads the head with the time.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { HavenDatabase } from '../db/database.js';
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
/** Entries per statement; a larger batch is inserted in several, still one transaction. */
export const INSERT_CHUNK = 5000;
// After this many lost races in one call the database is saturated; fail rather than spin.
const MAX_ATTEMPTS = 20;
/** SQLSTATE of haven_audit_append's strict mode: another writer moved the head first. */
const CHAIN_MOVED = 'ZA409';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A chain id picked at random (callers keep it, so one process mostly writes one chain). */
export function randomChainId(): number {
  return randomInt(AUDIT_CHAINS);
}

/** Where a chain's head stands: its last seq and hash (hex). */
export interface ChainHead {
  chainId: number;
  lastSeq: number;
  lastHash: string;
}

/** Where a batch landed; `lastHash` is the chain's new head hash (hex). */
export interface AppendResult {
  chainId: number;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
}

/** {@link appendAtKnownHead} lost the race: the head is no longer where the writer thought. */
export class ChainMovedError extends Error {
  override readonly name = 'ChainMovedError';
}

interface ClockRow {
  at_ms: string | number;
  at_text: string;
}

interface HeadRow extends ClockRow {
  last_seq: string | number | null;
  last_hash: string | null;
}

/** An entry as hashed and as sent to json_to_recordset, hashes in hex. */
interface JsonEntry extends ChainedEntry {
  seq: number;
  prev_hash: string;
  hash: string;
}

// The time is the database's, to the millisecond (the hash covers it exactly). `at_text` is in
// ISO 8601 whatever the session's DateStyle, and goes back as the stored value.
const CLOCK = sql`date_trunc('milliseconds', clock_timestamp())`;

/**
 * Writes validated entries of one tenant to chain `chainId` in the open transaction `tx`. A lost
 * race is retried on the same chain, whose head this transaction then holds locked. Resolves
 * with where they landed; they are durable when `tx` commits.
 */
export async function appendToChain(
  tx: Tx,
  tenantId: string,
  entries: readonly AuditEntryFields[],
  chainId: number,
): Promise<AppendResult> {
  if (entries.length === 0) throw new Error('appendToChain needs at least one entry');
  const chain = chainId;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const head = (
      await sql<HeadRow>`
        select (extract(epoch from t.at) * 1000)::int8 as at_ms, to_json(t.at) #>> '{}' as at_text,
               h.last_seq, encode(h.last_hash, 'hex') as last_hash
        from (select ${CLOCK} as at) as t
        left join audit_chain_head h on h.tenant_id = ${tenantId} and h.chain_id = ${chain}
      `.execute(tx)
    ).rows[0];
    if (!head) throw new Error('the chain head query returned no row');
    const lastSeq = head.last_seq === null ? 0 : Number(head.last_seq);
    const rows = chainEntries(entries, tenantId, chain, lastSeq, head.last_hash, head.at_ms);
    let after = lastSeq;
    for (const chunk of chunks(rows)) {
      const last = chunk[chunk.length - 1] as JsonEntry;
      const { rows: result } = await sql<{ inserted: string | number }>`
        select haven_audit_append(${tenantId}::uuid, ${chain}::smallint, ${after}::int8,
          ${last.seq}::int8, decode(${last.hash}, 'hex'), ${head.at_text}::timestamptz,
          ${JSON.stringify(chunk)}::json, false) as inserted
      `.execute(tx);
      const inserted = Number(result[0]?.inserted ?? 0);
      if (inserted === 0 && after === lastSeq) break; // lost the race: go elsewhere
      // After the first chunk the head is ours until commit: the rest must all land.
      if (inserted !== chunk.length) throw new Error('an audit chunk was not inserted whole');
      after = last.seq;
    }
    if (after !== lastSeq) {
      return { chainId: chain, firstSeq: lastSeq + 1, lastSeq: after, ...lastHashOf(rows) };
    }
    // Another writer moved this head first. Losing the compare-and-set still left this head
    // row locked by us (ON CONFLICT DO UPDATE locks the row even when its WHERE is false), so
    // try the SAME chain again: its head is ours now and the next attempt succeeds. Moving to
    // another chain would hold two head locks at once, and two writers doing that in opposite
    // orders deadlock (seen in the FHIR API bench as 500s after PostgreSQL's 1 s detection).
    // (`chain` stays as it is.)
  }
  throw new AppError('unavailable', 'The audit log is too busy right now; try again shortly.');
}

/**
 * The writer's fast path, outside any transaction: entries of one tenant on a chain whose head
 * the caller knows (it wrote the last batch there). Two round trips: the clock, then one
 * message that runs as haven_app behind the tenant wall exactly as `tenantTransaction` sets it
 * up, and appends. PostgreSQL runs a message of several statements as one transaction and
 * commits it before answering, so this resolves only once the entries are durable, and a
 * failure leaves nothing written. Throws {@link ChainMovedError} if the head had moved (the
 * caller then takes the transactional path, which reads the head).
 */
export async function appendAtKnownHead(
  db: HavenDatabase,
  tenantId: string,
  entries: readonly AuditEntryFields[],
  head: ChainHead,
): Promise<AppendResult> {
  if (entries.length === 0) throw new Error('appendAtKnownHead needs at least one entry');
  // Everything below goes into the statement text: the tenant id is checked to be a UUID, the
  // numbers are integers, the hashes are hex, the rest is quoted.
  if (!UUID.test(tenantId)) throw new Error('appendAtKnownHead needs a tenant id (a UUID)');
  const clock = (
    await sql<ClockRow>`
      select (extract(epoch from t.at) * 1000)::int8 as at_ms, to_json(t.at) #>> '{}' as at_text
      from (select ${CLOCK} as at) as t
    `.execute(db.unsafeKysely)
  ).rows[0];
  if (!clock) throw new Error('the clock query returned no row');
  const { chainId, lastSeq } = head;
  const rows = chainEntries(entries, tenantId, chainId, lastSeq, head.lastHash, clock.at_ms);
  const at = quoted(clock.at_text);
  const statements = [
    `select set_config('role', 'haven_app', true), set_config('haven.tenant_id', '${tenantId}', true)`,
  ];
  let after = lastSeq;
  for (const chunk of chunks(rows)) {
    const last = chunk[chunk.length - 1] as JsonEntry;
    statements.push(
      `select haven_audit_append('${tenantId}'::uuid, ${chainId}::smallint, ${after}::int8, ` +
        `${last.seq}::int8, decode('${hex(last.hash)}', 'hex'), ${at}::timestamptz, ` +
        `${dollarQuoted(JSON.stringify(chunk))}::json, true)`,
    );
    after = last.seq;
  }
  try {
    // No parameters: the driver sends it as one simple-protocol message (several statements).
    await sql.raw(statements.join(';\n')).execute(db.unsafeKysely);
  } catch (error) {
    if ((error as { code?: unknown }).code === CHAIN_MOVED) {
      throw new ChainMovedError('the chain head moved', { cause: error });
    }
    throw error;
  }
  return { chainId, firstSeq: lastSeq + 1, lastSeq: after, ...lastHashOf(rows) };
}

function lastHashOf(rows: JsonEntry[]): { lastHash: string } {
  return { lastHash: (rows[rows.length - 1] as JsonEntry).hash };
}

function* chunks(rows: JsonEntry[]): Generator<JsonEntry[]> {
  if (rows.length <= INSERT_CHUNK) {
    yield rows;
    return;
  }
  for (let from = 0; from < rows.length; from += INSERT_CHUNK) {
    yield rows.slice(from, from + INSERT_CHUNK);
  }
}

function hex(value: string): string {
  if (!/^[0-9a-f]+$/.test(value)) throw new Error('not a hex string');
  return value;
}

/** A SQL string literal; refuses a backslash, whose meaning depends on server settings. */
function quoted(value: string): string {
  if (value.includes('\\')) throw new Error('a backslash in a quoted literal');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A dollar-quoted literal: taken as it is, whatever it holds, with a tag it does not contain. */
function dollarQuoted(value: string): string {
  let tag = '$j$';
  while (value.includes(tag)) tag = `$j${randomInt(1e9)}$`;
  return `${tag}${value}${tag}`;
}

function chainEntries(
  entries: readonly AuditEntryFields[],
  tenantId: string,
  chainId: number,
  lastSeq: number,
  lastHash: string | null,
  at: string | number,
): JsonEntry[] {
  let prev = lastHash ?? GENESIS_HASH;
  const atMs = Number(at);
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
