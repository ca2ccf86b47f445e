/**
 * Verifying the whole audit log: every chain in seq order, in large keyset pages read in one
 * repeatable-read snapshot (so entries written meanwhile cannot look like tampering), with
 * memory bounded by the page size whatever the size of the log. Every hash is recomputed; seqs
 * must be contiguous; the head row must name the last entry; every checkpoint must carry a good
 * signature and the hash of the entry at its seq. The next page is fetched while this one is
 * hashed, so the database and the process work at the same time.
 */
import { verify as verifySignature, type KeyObject } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { sql } from 'kysely';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, type Tx } from '../db/transactions.js';
import { checkpointPublicKeys } from './audit-checkpoints.js';
import { checkpointMessage } from './audit-hash.js';
import { ChainVerifier, type AuditProblem } from './audit-verify-chain.js';
import {
  canonicalChainId,
  canonicalSeq,
  canonicalTenant,
  fullRows,
  inCanonicalChain,
  keysetPages,
  type CheckpointRow,
  type HeadRow,
} from './audit-verify-pages.js';

export type { AuditProblem, AuditProblemKind } from './audit-verify-chain.js';

/** Options for {@link verifyAuditLog}. */
export interface VerifyOptions {
  /** Called after each page with entries read so far and the total the heads announce. */
  onProgress?: (done: number, total: number) => void;
  /** Entries per page (default 10,000). */
  pageSize?: number;
  /** Verify one tenant's chains only (all tenants by default). */
  tenantId?: string;
}

/** What verify found. `firstProblem` is the first bad place met; `brokenChains` counts them all. */
export interface VerifyResult {
  ok: boolean;
  entries: number;
  chains: number;
  brokenChains: number;
  firstProblem?: AuditProblem;
}

const headKey = (tenantId: string, chainId: number) => `${tenantId}/${chainId}`;

function compareChain(a: { tenant_id: string; chain_id: number }, t: string, c: number): number {
  if (a.tenant_id !== t) return a.tenant_id < t ? -1 : 1;
  return a.chain_id - c;
}

/** Verifies every chain of every tenant (system path). */
export async function verifyAuditLog(
  db: HavenDatabase,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  return systemTransaction(db, async (tx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(tx);
    return new Verification(tx, options).run();
  });
}

class Verification {
  readonly #problems: AuditProblem[] = [];
  #entries = 0;
  #chains = 0;
  #heads = new Map<string, HeadRow>();
  #keys = new Map<string, KeyObject>();
  #checkpoints!: AsyncGenerator<CheckpointRow>;
  #checkpoint: CheckpointRow | undefined;

  constructor(
    private readonly tx: Tx,
    private readonly options: VerifyOptions,
  ) {}

  async run(): Promise<VerifyResult> {
    const pageSize = this.options.pageSize ?? 10_000;
    this.#keys = await checkpointPublicKeys(this.tx);
    const scope = { tenantId: this.options.tenantId };
    const heads = await sql<HeadRow>`
      select tenant_id, chain_id, last_seq, encode(last_hash, 'hex') as last_hash
      from audit_chain_head
      where ${scope.tenantId === undefined ? sql`true` : sql`tenant_id = ${scope.tenantId}`}
    `.execute(this.tx);
    let total = 0;
    for (const head of heads.rows) {
      this.#heads.set(headKey(head.tenant_id, head.chain_id), head);
      total += Number(head.last_seq);
    }
    this.#checkpoints = flatten(
      keysetPages(this.tx, 'checkpoints', scope, Math.min(pageSize, 5000)),
    );
    await this.#nextCheckpoint();

    let chain: ChainVerifier | undefined;
    let broken = false;
    for await (const page of keysetPages(this.tx, 'canonical', scope, pageSize)) {
      for (let i = 0; i < page.length; i++) {
        // Let the driver read the socket now and then, so the database keeps sending the next
        // page while this one is hashed instead of stalling on a full socket buffer.
        if (i % 1000 === 999) await setImmediate();
        const { r } = page[i]!;
        if (!chain || !inCanonicalChain(r, chain.tenantId, chain.chainId)) {
          if (chain) await this.#finishChain(chain, broken);
          chain = await this.#startChain(canonicalTenant(r), canonicalChainId(r));
          broken = false;
        }
        if (broken) continue; // the rest of a broken chain says nothing more
        const seq = canonicalSeq(r);
        if (!chain.acceptCanonical(seq, r)) {
          broken = await this.#checkClosely(chain, seq);
        }
        if (!broken && this.#checkpointDue(chain)) broken = await this.#checkCheckpoints(chain);
      }
      this.#entries += page.length;
      this.options.onProgress?.(this.#entries, Math.max(total, this.#entries));
    }
    if (chain) await this.#finishChain(chain, broken);
    await this.#checkpointsBefore(undefined);
    for (const head of this.#heads.values()) {
      if (Number(head.last_seq) === 0) continue;
      const verifier = new ChainVerifier(head.tenant_id, head.chain_id);
      this.#chains++;
      this.#report(
        verifier.problem(1, 'deleted', `the head names ${head.last_seq} entries; none is left`),
      );
    }
    const [firstProblem] = this.#problems;
    return {
      ok: this.#problems.length === 0,
      entries: this.#entries,
      chains: this.#chains,
      brokenChains: this.#problems.length,
      ...(firstProblem ? { firstProblem } : {}),
    };
  }

  #report(problem: AuditProblem): true {
    this.#problems.push(problem);
    return true;
  }

  async #startChain(tenantId: string, chainId: number): Promise<ChainVerifier> {
    this.#chains++;
    await this.#checkpointsBefore({ tenantId, chainId });
    const head = this.#heads.get(headKey(tenantId, chainId));
    return new ChainVerifier(tenantId, chainId, head ? Number(head.last_seq) : undefined);
  }

  /**
   * Checks the entry at `seq` from its fields, with the entry after it in view (which tells a
   * swap from an edit); true when the chain is broken there.
   */
  async #checkClosely(chain: ChainVerifier, seq: number): Promise<boolean> {
    const rows = await fullRows(this.tx, chain.tenantId, chain.chainId, seq, seq + 1);
    const [row, next] = rows;
    if (!row) throw new Error('an entry vanished from a repeatable-read snapshot');
    const problem = chain.check(row, next);
    return problem ? this.#report(problem) : false;
  }

  #checkpointDue(chain: ChainVerifier): boolean {
    const cp = this.#checkpoint;
    return cp !== undefined && this.#inChain(cp, chain) && Number(cp.seq) <= chain.lastSeq;
  }

  /** Checks the checkpoints up to the last good entry; true when one is bad. */
  async #checkCheckpoints(chain: ChainVerifier): Promise<boolean> {
    while (this.#checkpointDue(chain)) {
      const bad = this.#checkpointProblem(chain, this.#checkpoint!);
      if (bad) return this.#report(bad);
      await this.#nextCheckpoint();
    }
    return false;
  }

  #checkpointProblem(chain: ChainVerifier, cp: CheckpointRow): AuditProblem | undefined {
    const seq = Number(cp.seq);
    const key = this.#keys.get(cp.key_id);
    const hash = Buffer.from(cp.hash, 'hex');
    const message = checkpointMessage(cp.tenant_id, cp.chain_id, seq, hash, Number(cp.at_ms));
    if (!key || !verifySignature(null, message, key, cp.signature)) {
      return chain.problem(seq, 'bad_checkpoint', `the checkpoint at ${seq} has a bad signature`);
    }
    if (seq !== chain.lastSeq || cp.hash !== chain.lastHash) {
      return chain.problem(
        seq,
        'changed',
        `entries up to ${seq} were rewritten: they no longer match their signed checkpoint`,
      );
    }
    return undefined;
  }

  async #finishChain(chain: ChainVerifier, broken: boolean): Promise<void> {
    const key = headKey(chain.tenantId, chain.chainId);
    const head = this.#heads.get(key);
    this.#heads.delete(key);
    if (!broken) {
      const cp =
        this.#checkpoint && this.#inChain(this.#checkpoint, chain) ? this.#checkpoint : undefined;
      const problem = chain.finish(head?.last_hash, cp && Number(cp.seq));
      if (problem) this.#report(problem);
    }
    // Skip what is left of this chain's checkpoints (after a problem, or already reported).
    while (this.#checkpoint && this.#inChain(this.#checkpoint, chain)) await this.#nextCheckpoint();
  }

  /** Reports checkpoints of chains before `until` that have no entries at all. */
  async #checkpointsBefore(until: { tenantId: string; chainId: number } | undefined) {
    while (
      this.#checkpoint &&
      (!until || compareChain(this.#checkpoint, until.tenantId, until.chainId) < 0)
    ) {
      const cp = this.#checkpoint;
      const verifier = new ChainVerifier(cp.tenant_id, cp.chain_id);
      if (!this.#heads.has(headKey(cp.tenant_id, cp.chain_id))) this.#chains++;
      this.#report(
        verifier.problem(1, 'deleted', `a signed checkpoint names entry ${cp.seq}, which is gone`),
      );
      while (this.#checkpoint && this.#inChain(this.#checkpoint, verifier)) {
        await this.#nextCheckpoint();
      }
      // Its head (if any) is reported here, not again at the end.
      this.#heads.delete(headKey(cp.tenant_id, cp.chain_id));
    }
  }

  #inChain(cp: CheckpointRow, chain: ChainVerifier): boolean {
    return compareChain(cp, chain.tenantId, chain.chainId) === 0;
  }

  async #nextCheckpoint(): Promise<void> {
    const next = await this.#checkpoints.next();
    this.#checkpoint = next.done ? undefined : next.value;
  }
}

async function* flatten<T>(pages: AsyncGenerator<T[]>): AsyncGenerator<T> {
  for await (const page of pages) yield* page;
}
