/**
 * Paying a statement by card (DATA-5). The person's repository reads the statement first, so a
 * statement they may not see is 404 and the look is audited. Then, in this order:
 *  1. a `pending` payment row is committed: at most one per statement (no paying it twice over
 *     in two tabs), and a trace if anything after fails;
 *  2. the processor is asked to charge the token, with the payment's idempotency key;
 *  3. its answer is committed on the row (reference, brand, last 4: never a card number);
 *  4. a statement now paid in full is marked `balanced` through the gate.
 * Asked again with the same idempotency key, the same payment is answered: settled, as it was;
 * pending (cut off between 1 and 3), finished by asking the processor again with that key,
 * which never charges twice.
 */
import { randomUUID } from 'node:crypto';
import type { Invoice } from '@medplum/fhirtypes';
import { tenantScope } from '../crypto/index.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { RecordRepository } from '../gate/record-repository.js';
import type { ChargeOutcome } from './card-processor.js';
import { CURRENCY } from './money.js';
import {
  insertPendingPayment,
  paymentByKey,
  pendingPaymentOf,
  settlePayment,
  type PendingPayment,
} from './payment-store.js';
import type { StatementView } from './statement-model.js';
import { statementOf, type BillingDeps } from './statements.js';

export interface PaymentRequest {
  patientId: string;
  statementId: string;
  amountCents: number;
  /** The processor's token for the card (the card itself never comes to Haven). */
  token: string;
  /** Made by the page once per attempt, so a retried request is the same payment. */
  idempotencyKey: string;
  /** The signed-in person paying: the patient or their proxy. */
  paidBy: string;
}

export interface PaymentResult {
  /** The payment this request made or found. */
  paymentId: string;
  statement: StatementView;
  /** The same idempotency key was seen before: nothing new was charged. */
  replayed: boolean;
}

/** A pending payment older than this was left by a page that went away: the next one finishes it. */
export const STALE_PENDING_MS = 2 * 60 * 1000;

export async function payStatement(
  deps: BillingDeps,
  repository: RecordRepository,
  request: PaymentRequest,
): Promise<PaymentResult> {
  const tenantId = repository.tenantId;
  const key = await deps.keyring.dataKey(tenantScope(tenantId));
  const earlier = await tenantTransaction(deps.db, tenantId, (tx) =>
    paymentByKey(tx, key, tenantId, request.idempotencyKey),
  );
  // Read through the gate whatever happens next: a statement the person may not see is 404.
  const { invoice, view } = await statementOf(
    deps,
    repository,
    request.patientId,
    request.statementId,
  );
  if (earlier !== undefined) {
    if (
      earlier.paidBy !== request.paidBy ||
      earlier.statementId !== request.statementId ||
      earlier.amountCents !== request.amountCents
    ) {
      throw new AppError('conflict', 'This payment was already made for something else.');
    }
    if (earlier.status === 'pending') await finish(deps, earlier, key);
    return settled(deps, repository, request, earlier.id, true);
  }
  // Paid in full but not yet marked (the marking failed after the payment): marked now.
  if (view.status === 'paid') await markPaid(repository, invoice, view);
  let pending = newPayment(deps, tenantId, request, view);
  try {
    await tenantTransaction(deps.db, tenantId, (tx) =>
      insertPendingPayment(tx, key, pending, request.token, view),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // One is pending already. Left behind by a page that went away, it is finished now (the
    // processor answers its first outcome), and this payment is weighed against what is left.
    const stale = await tenantTransaction(deps.db, tenantId, (tx) =>
      pendingPaymentOf(tx, key, tenantId, request.statementId),
    );
    if (
      stale === undefined ||
      deps.now().getTime() - stale.createdAt.getTime() < STALE_PENDING_MS
    ) {
      throw new AppError(
        'conflict',
        'Another payment of this statement is under way. Wait a moment, then look again.',
      );
    }
    await finish(deps, stale, key);
    const now = await statementOf(deps, repository, request.patientId, request.statementId);
    pending = newPayment(deps, tenantId, request, now.view);
    const retried = pending;
    await tenantTransaction(deps.db, tenantId, (tx) =>
      insertPendingPayment(tx, key, retried, request.token, now.view),
    );
  }
  await finish(deps, { ...pending, secret: { token: request.token } }, key);
  return settled(deps, repository, request, pending.id, false);
}

/** A new pending payment of `request`, if the statement can take it (409 or 400 otherwise). */
function newPayment(
  deps: BillingDeps,
  tenantId: string,
  request: PaymentRequest,
  view: StatementView,
): PendingPayment {
  if (view.status === 'paid') throw new AppError('conflict', 'This statement is already paid.');
  if (view.status === 'cancelled') {
    throw new AppError('conflict', 'This statement was withdrawn by the practice.');
  }
  if (
    !Number.isSafeInteger(request.amountCents) ||
    request.amountCents < 1 ||
    request.amountCents > view.balanceCents
  ) {
    throw new AppError('validation_failed', 'The amount cannot be paid.', [
      { location: '/amountCents', message: 'must be more than zero and at most the balance' },
    ]);
  }
  return {
    tenantId,
    id: randomUUID(),
    patientId: request.patientId,
    statementId: request.statementId,
    amountCents: request.amountCents,
    currency: view.currency,
    processor: deps.processor.name,
    idempotencyKey: request.idempotencyKey,
    paidBy: request.paidBy,
    createdAt: deps.now(),
  };
}

/**
 * Asks the processor to charge a pending payment, with its own key and token, and stores the
 * answer. Asked again (a retry, a stale payment), the processor answers the same: never twice.
 */
export async function finish(
  deps: BillingDeps,
  payment: PendingPayment & { secret: { token: string } },
  key: Buffer,
): Promise<void> {
  let outcome: ChargeOutcome;
  try {
    outcome = await deps.processor.charge({
      token: payment.secret.token,
      amountCents: payment.amountCents,
      currency: payment.currency || CURRENCY,
      idempotencyKey: payment.idempotencyKey,
      now: deps.now(),
    });
  } catch (error) {
    // The row stays pending: the same request again asks the processor again with the same key.
    throw new AppError(
      'unavailable',
      'The card processor did not answer. Try again: you will not be charged twice.',
      [],
      { cause: error },
    );
  }
  await tenantTransaction(deps.db, payment.tenantId, (tx) =>
    settlePayment(tx, key, payment.tenantId, payment.id, {
      status: outcome.status,
      at: deps.now(),
      secret: {
        token: payment.secret.token,
        reference: outcome.status === 'succeeded' ? outcome.reference : null,
        brand: outcome.brand,
        last4: outcome.last4,
        declined: outcome.status === 'declined' ? outcome.reason : null,
      },
    }),
  );
}

/** The statement after the payment, marked `balanced` once paid in full. */
async function settled(
  deps: BillingDeps,
  repository: RecordRepository,
  request: PaymentRequest,
  paymentId: string,
  replayed: boolean,
): Promise<PaymentResult> {
  const { invoice, view } = await statementOf(
    deps,
    repository,
    request.patientId,
    request.statementId,
  );
  return { paymentId, replayed, statement: await markPaid(repository, invoice, view) };
}

/**
 * A statement its payments cover is marked `balanced` through the gate, for whoever reads the
 * Invoice through the FHIR API. If that fails, the money is taken and its row committed: the
 * payment stands, the statement reads as paid from its payments, and the next attempt to pay it
 * (refused as paid) marks it.
 */
export async function markPaid(
  repository: RecordRepository,
  invoice: Invoice,
  view: StatementView,
): Promise<StatementView> {
  if (view.status !== 'paid' || invoice.status !== 'issued') return view;
  try {
    await repository.write({
      action: 'update',
      resource: { ...invoice, status: 'balanced' },
      expectedVersion: view.version,
      billingWorkflow: true,
    });
    return { ...view, version: view.version + 1 };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return view;
  }
}
