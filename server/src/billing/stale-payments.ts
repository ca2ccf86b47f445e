/**
 * Finishes card payments left pending by a page that closed after Haven wrote the pending row
 * and before it stored the processor's answer. The next payment of the same statement finishes
 * such a one (statement-payments.ts); this finishes the rest, so a charge the processor made is
 * never left unrecorded and a statement never shows a payment under way for good. Asked again
 * with the attempt's own idempotency key, the processor answers its first outcome: never a
 * second charge. Every node may run it: a row is settled only while it is still pending.
 */
import { sql } from 'kysely';
import { tenantScope } from '../crypto/index.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { RecordRepository } from '../gate/record-repository.js';
import { pendingPaymentOf } from './payment-store.js';
import { finish, markPaid, STALE_PENDING_MS } from './statement-payments.js';
import { statementOf, type BillingDeps } from './statements.js';

/** The job's name in review and in the audit log. */
const JOB = 'billing.stale-payments';

/** At most this many per run; the next run takes the rest. */
const BATCH = 100;

export interface StaleSweepOptions {
  onError?: (error: unknown) => void;
  /** One practice's only (a test, an operator); every practice's by default. */
  tenantId?: string;
}

/** Finishes the payments pending for longer than STALE_PENDING_MS; how many it finished. */
export async function finishStalePayments(
  deps: BillingDeps,
  options: StaleSweepOptions = {},
): Promise<number> {
  const cutoff = new Date(deps.now().getTime() - STALE_PENDING_MS);
  // Which practice and statement only, across practices: nothing sealed on the system path.
  const stale = await systemTransaction(deps.db, (tx) => {
    let query = tx
      .selectFrom('statement_payment')
      .select(['tenant_id', 'statement_id'])
      .where('status', '=', 'pending')
      .where('created_at', '<', cutoff);
    if (options.tenantId !== undefined) query = query.where('tenant_id', '=', options.tenantId);
    // In no fixed order: payments that keep failing must not hold back the others.
    return query
      .orderBy(sql`random()`)
      .limit(BATCH)
      .execute();
  });
  let finished = 0;
  for (const { tenant_id: tenantId, statement_id: statementId } of stale) {
    try {
      // Never made here: a practice whose key is gone has nothing left to finish.
      const key = await deps.keyring.existingDataKey(tenantScope(tenantId));
      if (key === undefined) continue;
      const payment = await tenantTransaction(deps.db, tenantId, (tx) =>
        pendingPaymentOf(tx, key, tenantId, statementId),
      );
      // Finished meanwhile by a payment of the statement, or replaced by a newer attempt.
      if (payment === undefined || payment.createdAt >= cutoff) continue;
      await finish(deps, payment, key);
      finished++;
      // Paid in full now: marked so, as the patient's own payment would have (FHIR readers see
      // the Invoice's status; the portal reads it from the payments either way).
      const repository = new RecordRepository(deps, { kind: 'system', tenantId, job: JOB });
      const { invoice, view } = await statementOf(
        deps,
        repository,
        payment.patientId,
        payment.statementId,
      );
      await markPaid(repository, invoice, view);
    } catch (error) {
      // The processor may be down: this one stays pending for the next run; the rest go on.
      options.onError?.(error);
    }
  }
  return finished;
}

/**
 * Runs {@link finishStalePayments} every `intervalMs` until stopped. A run still going (a slow
 * processor) makes the next tick skip rather than queue behind it.
 */
export function startStalePaymentSweep(
  deps: BillingDeps,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(
    () => {
      if (running) return;
      running = finishStalePayments(deps, options.onError ? { onError: options.onError } : {})
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => (running = undefined));
    },
    options.intervalMs ?? STALE_PENDING_MS / 2,
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
