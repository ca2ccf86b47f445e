/**
 * A practice for the billing tests: a patient signed in to their own record and a cleared
 * billing staff member, with issuing a statement and paying one as the console and the portal
 * do (the card goes to the sandbox processor, only its token to Haven).
 */
import { randomUUID } from 'node:crypto';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import type { TestBrowser } from '../../test/identity-fixtures.js';
import { clearedStaffBrowser, signedInPatient } from '../../test/identity-fixtures.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant } from '../../test/test-database.js';
import { tenantScope } from '../crypto/index.js';
import { tenantTransaction } from '../db/transactions.js';
import { insertPendingPayment, type PendingPayment } from './payment-store.js';
import type { StatementLine, StatementView } from './statement-model.js';

/** A good card of the sandbox, as processors publish for their test modes. */
export const GOOD_CARD = '4242 4242 4242 4242';

const DAY = 86_400_000;
/** The day `days` from now, as YYYY-MM-DD. */
export const dayFromNow = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** A visit and a lab test three weeks ago: $65.00 left to the patient of $240.00 charged. */
export const TWO_SERVICES: StatementLine[] = [
  {
    serviceDate: dayFromNow(-21),
    description: 'Office visit, established patient',
    chargeCents: 18000,
    insurancePaidCents: 12000,
    adjustmentCents: 1500,
  },
  {
    serviceDate: dayFromNow(-21),
    description: 'Lipid panel',
    chargeCents: 6000,
    insurancePaidCents: 4000,
    adjustmentCents: 0,
  },
];

export async function billingSetting(db: HavenDatabase, keyring: Keyring) {
  const clock = new TestClock(new Date());
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1975-06-01' });
  const billing = await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, 'billing');
  const { browser, person } = await signedInPatient(app, db, keyring, tenantId, patient.id);
  const statementsPath = `/api/practices/${tenantId}/patients/${patient.id}/statements`;
  const issue = (lines: StatementLine[] = TWO_SERVICES, dueDate = dayFromNow(30)) =>
    billing.browser.request('POST', statementsPath, { lines, dueDate });
  const issued = async () => {
    const response = await issue();
    if (response.statusCode !== 201) throw new Error(`issue failed: ${response.body}`);
    return response.json<StatementView>();
  };
  /** A payment as the workflow writes it before asking the processor (for the store's tests). */
  const pendingAttempt = (statementId: string, amountCents: number): PendingPayment => ({
    tenantId,
    id: randomUUID(),
    patientId: patient.id,
    statementId,
    amountCents,
    currency: 'USD',
    processor: 'sandbox',
    idempotencyKey: randomUUID(),
    paidBy: person.userId,
    createdAt: clock.now(),
  });
  /** A payment whose page closed before the processor's answer was stored: left pending. */
  const leftPending = async (statement: StatementView, amountCents: number) => {
    const key = await keyring.dataKey(tenantScope(tenantId));
    const payment = pendingAttempt(statement.id, amountCents);
    const token = await cardToken(browser);
    await tenantTransaction(db, tenantId, (tx) =>
      insertPendingPayment(tx, key, payment, token, statement),
    );
    return { payment, key, token };
  };
  return {
    app,
    clock,
    tenantId,
    patient,
    billing,
    browser,
    person,
    statementsPath,
    issue,
    issued,
    pendingAttempt,
    leftPending,
  };
}

/** A card token from the sandbox processor, as the portal's card form gets one. */
export async function cardToken(
  browser: TestBrowser,
  number = GOOD_CARD,
  expiry: { expMonth: number; expYear: number } = { expMonth: 8, expYear: 2030 },
): Promise<string> {
  const response = await browser.request('POST', '/payment-sandbox/v1/tokens', {
    number,
    ...expiry,
    cvc: number.startsWith('3') ? '1234' : '123',
  });
  if (response.statusCode !== 201) throw new Error(`tokenize failed: ${response.body}`);
  return response.json<{ token: string }>().token;
}

/** Pays `amountCents` of a statement with a new card token (or `token`) and a new attempt key. */
export async function pay(
  browser: TestBrowser,
  statementId: string,
  amountCents: number,
  options: { number?: string; token?: string; idempotencyKey?: string } = {},
) {
  const token = options.token ?? (await cardToken(browser, options.number));
  return browser.request('POST', `/api/me/billing/statements/${statementId}/payments`, {
    amountCents,
    token,
    idempotencyKey: options.idempotencyKey ?? randomUUID(),
  });
}
