/**
 * The audit writer: `append` resolves only once its entries are committed (durable before the
 * answer leaves), and concurrent calls for one tenant share a transaction (group commit).
 * While a batch commits, the next accumulates. By default a tenant has one batch in flight per
 * process; `maxInFlight` allows a few, each on its own chain (so they share no head row), which
 * pays off when the database has idle cores while a commit waits for the disk. On a 2-core
 * machine already busy, fewer and larger batches measured faster, hence the default of 1.
 */
import { AsyncResource } from 'node:async_hooks';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import type { AuditEntryFields, AuditEntryInput } from './audit-entry.js';
import {
  AUDIT_CHAINS,
  ChainMovedError,
  appendAtKnownHead,
  appendToChain,
  randomChainId,
  validateBatch,
  type AppendResult,
  type ChainHead,
} from './audit-chain.js';

// Heads remembered for this many tenants at most (a forgotten one costs one head read).
const MAX_REMEMBERED_TENANTS = 10_000;

/** Options for {@link AuditWriter}. There is deliberately no option to turn auditing off. */
export interface AuditWriterOptions {
  /** The first chain this writer uses; random by default, so nodes rarely share a head. */
  chainId?: number;
  /** Batches in flight per tenant, each on its own chain (1 to 4; 1 by default). */
  maxInFlight?: number;
  /**
   * A batch stops taking further calls at this many entries (one call is never split, so a
   * larger call is a batch of its own). Bounds the size of one transaction.
   */
  maxBatchEntries?: number;
}

interface PendingCall {
  fields: AuditEntryFields[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TenantQueue {
  pending: PendingCall[];
  pendingEntries: number;
  /** busy[slot]: whether the slot has a batch in flight for this tenant. */
  busy: boolean[];
  scheduled: boolean;
  running: Set<Promise<void>>;
}

/**
 * Batches audit entries per tenant into transactions that run as haven_app under the tenant
 * wall. A failed batch rejects every call in it, and nothing of it is written (one batch is
 * one transaction). Callers already inside a transaction use `appendInTransaction` instead.
 */
export class AuditWriter {
  readonly #db: HavenDatabase;
  readonly #maxBatchEntries: number;
  readonly #queues = new Map<string, TenantQueue>();
  // Batches run in the writer's own async context, not in that of whichever request happened
  // to start the batch: that request's context (its logger, or a transaction it is inside)
  // must not leak into a transaction that serves other callers.
  readonly #context = new AsyncResource('AuditWriter');
  /** The chain of each in-flight slot. A slot moves to another chain after a lost race. */
  readonly #slotChains: number[];
  /**
   * Per tenant, the head each slot left behind on its chain: the next batch there then needs no
   * head read (two round trips, not five). A wrong guess (another node wrote there meanwhile)
   * costs one refused statement, then the batch takes the path that reads the head.
   */
  readonly #heads = new Map<string, (ChainHead | undefined)[]>();

  constructor(db: HavenDatabase, options: AuditWriterOptions = {}) {
    const chainId = options.chainId ?? randomChainId();
    if (!Number.isInteger(chainId) || chainId < 0 || chainId >= AUDIT_CHAINS) {
      throw new RangeError(`chainId must be an integer from 0 to ${AUDIT_CHAINS - 1}`);
    }
    const slots = options.maxInFlight ?? 1;
    if (!Number.isInteger(slots) || slots < 1 || slots > 4) {
      throw new RangeError('maxInFlight must be an integer from 1 to 4');
    }
    this.#db = db;
    this.#slotChains = Array.from({ length: slots }, (_, i) => (chainId + i) % AUDIT_CHAINS);
    this.#maxBatchEntries = options.maxBatchEntries ?? 5000;
  }

  /**
   * Appends entries of one tenant and resolves once they are committed. Rejects with the
   * validation error (before anything is queued) or with the batch's failure.
   */
  append(entries: readonly AuditEntryInput[]): Promise<void> {
    let fields: AuditEntryFields[];
    try {
      fields = validateBatch(entries);
    } catch (error) {
      // validateBatch throws AuditEntryErrors only; anything else is wrapped, not lost.
      return Promise.reject(error instanceof Error ? error : new Error('invalid audit entries'));
    }
    const first = fields[0];
    if (first === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let queue = this.#queues.get(first.tenantId);
      if (!queue) {
        queue = {
          pending: [],
          pendingEntries: 0,
          busy: this.#slotChains.map(() => false),
          scheduled: false,
          running: new Set(),
        };
        this.#queues.set(first.tenantId, queue);
      }
      queue.pending.push({ fields, resolve, reject });
      queue.pendingEntries += fields.length;
      this.#schedule(first.tenantId, queue);
    });
  }

  /** Resolves when every call made so far has settled (for shutdown). */
  async flush(): Promise<void> {
    while (this.#queues.size > 0) {
      await Promise.all(
        [...this.#queues.values()].map((q) =>
          q.running.size > 0 ? Promise.all(q.running) : new Promise((r) => setImmediate(r)),
        ),
      );
    }
  }

  // Batches start from setImmediate, not at once: the calls that arrive in the same turn of
  // the event loop (a burst of requests) then join one batch instead of the first going alone.
  #schedule(tenantId: string, queue: TenantQueue): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    this.#context.runInAsyncScope(() =>
      setImmediate(() => {
        queue.scheduled = false;
        this.#startBatches(tenantId, queue);
      }),
    );
  }

  #startBatches(tenantId: string, queue: TenantQueue): void {
    let free = queue.busy.filter((b) => !b).length;
    for (let slot = 0; slot < queue.busy.length && queue.pending.length > 0; slot++) {
      if (queue.busy[slot]) continue;
      // Share what is waiting among the free slots, so they finish at about the same time.
      const batch = this.#takeBatch(queue, Math.ceil(queue.pendingEntries / free--));
      queue.busy[slot] = true;
      const run = this.#runBatch(tenantId, slot, batch).finally(() => {
        queue.busy[slot] = false;
        queue.running.delete(run);
        if (queue.pending.length > 0) this.#schedule(tenantId, queue);
        else if (queue.running.size === 0 && !queue.scheduled) this.#queues.delete(tenantId);
      });
      queue.running.add(run);
    }
  }

  async #runBatch(tenantId: string, slot: number, batch: PendingCall[]): Promise<void> {
    const entries = batch.length === 1 ? batch[0]!.fields : batch.flatMap((c) => c.fields);
    let heads = this.#heads.get(tenantId);
    if (!heads) {
      if (this.#heads.size >= MAX_REMEMBERED_TENANTS) this.#heads.clear();
      heads = this.#slotChains.map(() => undefined);
      this.#heads.set(tenantId, heads);
    }
    const known = heads[slot];
    heads[slot] = undefined; // until this batch is known to have landed
    try {
      let result: AppendResult | undefined;
      if (known && known.chainId === this.#slotChains[slot]) {
        try {
          result = await appendAtKnownHead(this.#db, tenantId, entries, known);
        } catch (error) {
          if (!(error instanceof ChainMovedError)) throw error;
        }
      }
      result ??= await tenantTransaction(this.#db, tenantId, (tx) =>
        appendToChain(tx, tenantId, entries, this.#slotChains[slot]!),
      );
      // Stay on the chain that worked: after a lost race, that is a less contended one.
      this.#slotChains[slot] = result.chainId;
      heads[slot] = { chainId: result.chainId, lastSeq: result.lastSeq, lastHash: result.lastHash };
      for (const call of batch) call.resolve();
    } catch (error) {
      for (const call of batch) call.reject(error);
    }
  }

  #takeBatch(queue: TenantQueue, target: number): PendingCall[] {
    const limit = Math.min(target, this.#maxBatchEntries);
    let count = 0;
    let taken = 0;
    for (const call of queue.pending) {
      if (taken > 0 && count + call.fields.length > limit) break;
      count += call.fields.length;
      taken++;
    }
    queue.pendingEntries -= count;
    return queue.pending.splice(0, taken);
  }
}
