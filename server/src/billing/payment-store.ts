/**
 * The only SQL for statement_payment, and its sealing with the practice's key. A row is written
 * `pending` before the processor is asked, and settled once with its answer.
 */
import { sql, type Selectable } from 'kysely';
import { decrypt, encrypt, recordAad } from '../crypto/index.js';
import type { Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { StatementPaymentTable } from './billing-tables.js';
import { locateResource } from '../records/record-store.js';
import type { DeclineReason } from './card-processor.js';

const RESOURCE_TYPE = 'StatementPayment';

export interface PendingPayment {
  tenantId: string;
  id: string;
  patientId: string;
  statementId: string;
  amountCents: number;
  currency: string;
  processor: string;
  idempotencyKey: string;
  paidBy: string;
  createdAt: Date;
}

/**
 * What a payment keeps sealed: never a card number, which Haven never receives. A pending one
 * holds its token only, so it can be finished by asking the processor again.
 */
export interface PaymentSecret {
  token: string;
  reference: string | null;
  brand: string | null;
  last4: string | null;
  declined: DeclineReason | null;
}

export interface StoredPayment extends PendingPayment {
  status: 'pending' | 'succeeded' | 'declined';
  settledAt: Date | null;
  secret: PaymentSecret;
}

function aad(tenantId: string, id: string): Buffer {
  return recordAad({ tenantId, resourceType: RESOURCE_TYPE, id, version: 1 });
}

function seal(key: Buffer, tenantId: string, id: string, secret: PaymentSecret): Buffer {
  return encrypt(key, Buffer.from(JSON.stringify(secret), 'utf8'), aad(tenantId, id));
}

/**
 * Takes the statement's payment lock for the rest of `tx`: whatever pays toward the statement
 * or withdraws it holds this lock while it checks and writes, so the two cannot cross.
 */
export async function lockStatementPayments(
  tx: Tx,
  tenantId: string,
  statementId: string,
): Promise<void> {
  // Ids as stored (lower case): a URL may spell a UUID in capitals, and the lock must be one.
  const name = `statement_payment:${tenantId.toLowerCase()}:${statementId.toLowerCase()}`;
  await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(tx);
}

/** The statement as the payer saw it: its version and what it asked. */
export interface StatementSeen {
  version: number;
  amountDueCents: number;
}

/**
 * Inserts a pending payment if the statement is still the version the payer saw (not withdrawn
 * or changed since) and what is paid and under way toward it leaves room for this one. Checked
 * under the statement's payment lock, in the insert's transaction, so two tabs paying at once
 * cannot both fit and a withdrawal cannot slip in between. A unique violation means one is
 * already pending, or the key is used.
 */
export async function insertPendingPayment(
  tx: Tx,
  key: Buffer,
  payment: PendingPayment,
  token: string,
  seen: StatementSeen,
): Promise<void> {
  await lockStatementPayments(tx, payment.tenantId, payment.statementId);
  // Only the version number is read here, none of the statement: that was read through the gate.
  const now = await locateResource(tx, payment.tenantId, 'Invoice', payment.statementId);
  if (now === undefined || now.deleted || now.versionId !== seen.version) {
    throw new AppError('conflict', 'The statement has changed. Look at it again.');
  }
  const taken = await paidOrUnderWay(tx, payment.tenantId, payment.statementId);
  if (taken + payment.amountCents > seen.amountDueCents) {
    throw new AppError('conflict', 'The balance has changed. Look at the statement again.');
  }
  const secret = { token, reference: null, brand: null, last4: null, declined: null };
  await tx
    .insertInto('statement_payment')
    .values({
      tenant_id: payment.tenantId,
      id: payment.id,
      patient_id: payment.patientId,
      statement_id: payment.statementId,
      amount_cents: payment.amountCents,
      currency: payment.currency,
      status: 'pending',
      processor: payment.processor,
      idempotency_key: payment.idempotencyKey,
      paid_by: payment.paidBy,
      created_at: payment.createdAt,
      sealed: seal(key, payment.tenantId, payment.id, secret),
    })
    .execute();
}

/** Cents paid or under way toward a statement; call under its payment lock. */
export async function paidOrUnderWay(
  tx: Tx,
  tenantId: string,
  statementId: string,
): Promise<number> {
  const taken = await tx
    .selectFrom('statement_payment')
    .select(sql<string>`coalesce(sum(amount_cents), 0)`.as('cents'))
    .where('tenant_id', '=', tenantId)
    .where('statement_id', '=', statementId)
    .where('status', 'in', ['pending', 'succeeded'])
    .executeTakeFirstOrThrow();
  return Number(taken.cents);
}

/** Stores the processor's answer on a pending payment; false if it was no longer pending. */
export async function settlePayment(
  tx: Tx,
  key: Buffer,
  tenantId: string,
  id: string,
  outcome: { status: 'succeeded' | 'declined'; at: Date; secret: PaymentSecret },
): Promise<boolean> {
  const sealed = seal(key, tenantId, id, outcome.secret);
  const result = await tx
    .updateTable('statement_payment')
    .set({ status: outcome.status, settled_at: outcome.at, sealed })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The payments toward these statements, newest first. */
export async function paymentsOf(
  tx: Tx,
  key: Buffer,
  tenantId: string,
  statementIds: readonly string[],
): Promise<StoredPayment[]> {
  if (statementIds.length === 0) return [];
  const rows = await tx
    .selectFrom('statement_payment')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('statement_id', 'in', statementIds)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((row) => stored(row, key));
}

/** The payment of this statement still waiting for the processor's answer, if any. */
export async function pendingPaymentOf(
  tx: Tx,
  key: Buffer,
  tenantId: string,
  statementId: string,
): Promise<StoredPayment | undefined> {
  const row = await tx
    .selectFrom('statement_payment')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('statement_id', '=', statementId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row && stored(row, key);
}

/** The payment made with this idempotency key in this practice, if any. */
export async function paymentByKey(
  tx: Tx,
  key: Buffer,
  tenantId: string,
  idempotencyKey: string,
): Promise<StoredPayment | undefined> {
  const row = await tx
    .selectFrom('statement_payment')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row && stored(row, key);
}

function stored(row: Selectable<StatementPaymentTable>, key: Buffer): StoredPayment {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    patientId: row.patient_id,
    statementId: row.statement_id,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    processor: row.processor,
    idempotencyKey: row.idempotency_key,
    paidBy: row.paid_by,
    createdAt: new Date(row.created_at),
    status: row.status as StoredPayment['status'],
    settledAt: row.settled_at === null ? null : new Date(row.settled_at),
    secret: JSON.parse(
      decrypt(key, row.sealed, aad(row.tenant_id, row.id)).toString('utf8'),
    ) as PaymentSecret,
  };
}
