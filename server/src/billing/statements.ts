/**
 * Statements (DATA-5) through the gate: the patient's side and billing staff read them with
 * their own repository, so each read is decided and audited like any read of the record; staff
 * issue and cancel them through the billing workflow, the only writer of Invoices.
 */
import { randomUUID } from 'node:crypto';
import type { Invoice } from '@medplum/fhirtypes';
import { tenantScope } from '../crypto/index.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { RecordRepository } from '../gate/record-repository.js';
import type { WriteRequest } from '../gate/gated-writes.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { patientCompartmentOf } from '../records/compartment.js';
import type { CardProcessor, DeclineReason } from './card-processor.js';
import {
  lockStatementPayments,
  paidOrUnderWay,
  paymentsOf,
  type StoredPayment,
} from './payment-store.js';
import { checkedStatement, type StatementRequest } from './statement-input.js';
import {
  buildStatement,
  statementView,
  type PaymentView,
  type StatementView,
} from './statement-model.js';

export interface BillingDeps extends IdentityDeps {
  processor: CardProcessor;
}

/** Statements a patient is shown: issued, paid or cancelled, never one entered in error. */
const SHOWN = new Set(['issued', 'balanced', 'cancelled']);

/** The patient's statements as the repository's actor may see them, newest first. */
export async function statementsOf(
  deps: IdentityDeps,
  repository: RecordRepository,
  patientId: string,
): Promise<StatementView[]> {
  const invoices = ((await repository.searchPatient(patientId, ['Invoice'])) as Invoice[]).filter(
    (invoice) => SHOWN.has(invoice.status),
  );
  const payments = await storedPayments(
    deps,
    repository.tenantId,
    invoices.map((i) => i.id ?? ''),
  );
  return invoices
    .map((invoice) => viewWithPayments(invoice, payments))
    .sort((a, b) => b.issued.localeCompare(a.issued) || a.id.localeCompare(b.id));
}

/** One statement of `patientId`'s record as the actor may see it; 404 otherwise. */
export async function statementOf(
  deps: IdentityDeps,
  repository: RecordRepository,
  patientId: string,
  statementId: string,
): Promise<{ invoice: Invoice; view: StatementView }> {
  const invoice = (await repository.read('Invoice', statementId)) as Invoice;
  if (patientCompartmentOf(invoice) !== patientId || !SHOWN.has(invoice.status)) throw notFound();
  const payments = await storedPayments(deps, repository.tenantId, [statementId]);
  return { invoice, view: viewWithPayments(invoice, payments) };
}

/** Billing staff issue a statement to the patient. */
export async function issueStatement(
  deps: IdentityDeps,
  repository: RecordRepository,
  patientId: string,
  request: StatementRequest,
): Promise<StatementView> {
  const now = deps.now();
  const checked = checkedStatement(request, now);
  const invoice = buildStatement({ id: randomUUID(), patientId, issued: now, ...checked });
  assertValidResource(invoice);
  const written = (await repository.write({
    action: 'create',
    resource: invoice,
    billingWorkflow: true,
  })) as Invoice;
  return statementView(written, []);
}

/**
 * Billing staff withdraw a statement issued in error (a wrong amount, the wrong patient). One
 * with payments toward it stays: the money is real, and refunds are not built.
 */
export async function cancelStatement(
  deps: IdentityDeps,
  repository: RecordRepository,
  patientId: string,
  statementId: string,
  reason: string,
): Promise<StatementView> {
  const { invoice, view } = await statementOf(deps, repository, patientId, statementId);
  return withdrawStatement(repository, invoice, view, reason);
}

/**
 * Withdraws a statement as `view` showed it. A payment may have begun since: so the withdrawal
 * is written in one transaction with a look, under the statement's payment lock, at what is paid
 * or under way, and refused (rolled back) if anything is. A payment that takes the lock after
 * finds the statement changed (payment-store.ts), so the two never both go through.
 */
export async function withdrawStatement(
  repository: RecordRepository,
  invoice: Invoice,
  view: StatementView,
  reason: string,
): Promise<StatementView> {
  if (view.status === 'cancelled') return view;
  const paymentsRefuse = () =>
    new AppError('conflict', 'This statement has payments toward it, so it stays.');
  if (view.payments.some((p) => p.status !== 'declined')) throw paymentsRefuse();
  const cancelled: Invoice = { ...invoice, status: 'cancelled', cancelledReason: reason };
  const request: WriteRequest = {
    action: 'update',
    resource: cancelled,
    expectedVersion: view.version,
    billingWorkflow: true,
  };
  const [written] = await repository.writeAll([request], async (tx) => {
    const statementId = invoice.id ?? '';
    await lockStatementPayments(tx, repository.tenantId, statementId);
    if ((await paidOrUnderWay(tx, repository.tenantId, statementId)) > 0) throw paymentsRefuse();
  });
  return statementView(written as Invoice, view.payments);
}

async function storedPayments(
  deps: IdentityDeps,
  tenantId: string,
  statementIds: readonly string[],
): Promise<StoredPayment[]> {
  if (statementIds.length === 0) return [];
  const key = await deps.keyring.dataKey(tenantScope(tenantId));
  return tenantTransaction(deps.db, tenantId, (tx) => paymentsOf(tx, key, tenantId, statementIds));
}

function viewWithPayments(invoice: Invoice, payments: readonly StoredPayment[]): StatementView {
  const own = payments.filter((p) => p.statementId === invoice.id).map(paymentView);
  return statementView(invoice, own);
}

const DECLINE_WORDS: Record<DeclineReason, string> = {
  card_declined: 'The card was declined. No money was taken.',
  insufficient_funds: 'The card was declined for insufficient funds. No money was taken.',
  expired_card: 'The card has expired. No money was taken.',
  invalid_token: 'The card details could not be used. No money was taken. Enter them again.',
};

export function paymentView(payment: StoredPayment): PaymentView {
  const declined = payment.secret?.declined;
  return {
    id: payment.id,
    amountCents: payment.amountCents,
    status: payment.status,
    at: (payment.settledAt ?? payment.createdAt).toISOString(),
    cardBrand: payment.secret?.brand ?? null,
    cardLast4: payment.secret?.last4 ?? null,
    declined: declined ? DECLINE_WORDS[declined] : null,
    declineCode: declined ?? null,
  };
}
