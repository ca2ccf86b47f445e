/**
 * DATA-5: billing staff issue a statement; the patient sees it and pays it by card. The card goes
 * to the processor (the sandbox), Haven gets a token and keeps only the processor's reference,
 * the token, the brand and the last 4 digits: the card number is in no table, in the clear or
 * sealed. A declined card takes nothing, a retried payment charges once, two at once cannot pay
 * twice over, and every refusal leaves what is stored as it was.
 */
import { randomUUID } from 'node:crypto';
import type { Invoice } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformScope, tenantScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { proxyBrowser } from '../disclosures/disclosure-test-fixtures.js';
import { joinCareTeam, verifyTestLicence } from '../gate/gate-test-fixtures.js';
import { RecordRepository } from '../gate/record-repository.js';
import { clearedStaffBrowser, signedInPatient } from '../../test/identity-fixtures.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { fhirCaller, staffFhirCaller } from '../../test/fhir-caller.js';
import { issueTestToken } from '../api-auth/api-auth-test-fixtures.js';
import { storedVersionCount } from '../../test/stored-records.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import {
  billingSetting,
  cardToken,
  dayFromNow,
  GOOD_CARD,
  pay,
  TWO_SERVICES,
} from './billing-test-fixtures.js';
import { insertPendingPayment, paymentsOf, settlePayment } from './payment-store.js';
import { withdrawStatement } from './statements.js';
import { finishStalePayments } from './stale-payments.js';
import { SandboxProcessor, sandboxSecret } from './sandbox/sandbox-processor.js';
import { STALE_PENDING_MS } from './statement-payments.js';
import type { StatementView } from './statement-model.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

type Listing = { statements: StatementView[]; canPay: boolean; processor: { testMode: boolean } };
type Paid = { paymentId: string; replayed: boolean; statement: StatementView };

/**
 * Every row of every table, as text: what a stolen database shows. Tables of practices hold only
 * this practice's rows here (the PostgreSQL test database is shared by every test running).
 */
async function wholeDatabaseText(tenantId: string): Promise<string> {
  const { rows: tables } = await sql<{ name: string; tenanted: boolean }>`
    select c.relname as name,
           exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id') as tenanted
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' order by 1`.execute(db.unsafeKysely);
  const parts: string[] = [];
  for (const { name, tenanted } of tables) {
    const where = tenanted ? sql`where t.tenant_id = ${tenantId}` : sql``;
    const { rows } = await sql<{
      row: string;
    }>`select t::text as row from ${sql.table(name)} t ${where}`.execute(db.unsafeKysely);
    parts.push(...rows.map((r) => r.row));
  }
  expect(parts.length).toBeGreaterThan(20);
  return parts.join('\n');
}

describe('statements and card payments', () => {
  it('billing issues a statement; the patient pays it in two parts by card; the card number is stored nowhere', async () => {
    const s = await billingSetting(db, keyring);
    const issued = await s.issued();
    expect(issued).toMatchObject({
      status: 'open',
      chargesCents: 24000,
      insurancePaidCents: 16000,
      adjustmentsCents: 1500,
      amountDueCents: 6500,
      balanceCents: 6500,
      dueDate: dayFromNow(30),
    });
    expect(issued.number).toMatch(/^S-[0-9A-F]{10}$/);

    const listed = (await s.browser.request('GET', '/api/me/billing/statements')).json<Listing>();
    expect(listed.canPay).toBe(true);
    expect(listed.processor.testMode).toBe(true);
    expect(listed.statements).toEqual([issued]);

    const key = randomUUID();
    const token = await cardToken(s.browser);
    expect(token).not.toContain('4242424242424242');
    const first = await pay(s.browser, issued.id, 2500, { token, idempotencyKey: key });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<Paid>().statement).toMatchObject({
      status: 'open',
      paidCents: 2500,
      balanceCents: 4000,
      payments: [{ status: 'succeeded', amountCents: 2500, cardBrand: 'Visa', cardLast4: '4242' }],
    });

    // The page sent it again (a lost answer, a double click): the same payment, charged once.
    const again = await pay(s.browser, issued.id, 2500, { token, idempotencyKey: key });
    expect(again.statusCode).toBe(200);
    expect(again.json<Paid>()).toMatchObject({
      replayed: true,
      paymentId: first.json<Paid>().paymentId,
    });
    expect(again.json<Paid>().statement.balanceCents).toBe(4000);

    const rest = await pay(s.browser, issued.id, 4000, { number: '5555 5555 5555 4444' });
    expect(rest.statusCode, rest.body).toBe(201);
    expect(rest.json<Paid>().statement).toMatchObject({
      status: 'paid',
      balanceCents: 0,
      paidCents: 6500,
    });
    // Marked paid in the record too, for whoever reads the Invoice through the FHIR API.
    const fhir = await staffFhirCaller(
      s.app,
      db,
      keyring,
      { tenantId: s.tenantId, userId: s.billing.user.userId },
      s.clock.now(),
    );
    const invoice = await fhir('GET', `/Invoice/${issued.id}`);
    expect(invoice.json<{ status: string }>().status).toBe('balanced');

    const over = await pay(s.browser, issued.id, 100);
    expect(over.statusCode).toBe(409);

    // What Haven keeps of each payment: reference, token, brand, last 4. Never the number.
    const tenantKey = await keyring.dataKey(tenantScope(s.tenantId));
    const payments = await tenantTransaction(db, s.tenantId, (tx) =>
      paymentsOf(tx, tenantKey, s.tenantId, [issued.id]),
    );
    expect(payments).toHaveLength(2);
    for (const payment of payments) {
      expect(payment.secret?.reference).toMatch(/^ch_sbx_/);
      expect(Object.keys(payment.secret ?? {}).sort()).toEqual([
        'brand',
        'declined',
        'last4',
        'reference',
        'token',
      ]);
    }
    const sealedJson = JSON.stringify(payments);
    const everything = await wholeDatabaseText(s.tenantId);
    for (const number of ['4242424242424242', '5555555555554444', GOOD_CARD]) {
      expect(sealedJson).not.toContain(number);
      expect(everything).not.toContain(number);
    }
  });

  it('a declined card takes nothing; wrong amounts, card numbers sent to Haven and forged tokens store nothing', async () => {
    const s = await billingSetting(db, keyring);
    const issued = await s.issued();

    const declined = await pay(s.browser, issued.id, 6500, { number: '4000 0000 0000 0002' });
    expect(declined.statusCode).toBe(201);
    expect(declined.json<Paid>().statement).toMatchObject({
      status: 'open',
      balanceCents: 6500,
      payments: [
        {
          status: 'declined',
          cardLast4: '0002',
          declined: 'The card was declined. No money was taken.',
        },
      ],
    });
    s.clock.advance(1000);
    const poor = await pay(s.browser, issued.id, 6500, { number: '4000000000009995' });
    expect(poor.json<Paid>().statement.payments[0]?.declined).toMatch(/insufficient funds/);

    s.clock.advance(1000);
    const forged = await pay(s.browser, issued.id, 6500, {
      token: 'tok_sbx_eyJicmFuZCI6IlZpc2EifQ.forged',
    });
    expect(forged.json<Paid>().statement.payments[0]).toMatchObject({
      status: 'declined',
      cardLast4: null,
    });

    const before = await paymentCount(s.tenantId);
    const path = `/api/me/billing/statements/${issued.id}/payments`;
    const token = await cardToken(s.browser);
    for (const body of [
      { amountCents: 6501, token, idempotencyKey: randomUUID() },
      { amountCents: 0, token, idempotencyKey: randomUUID() },
      { amountCents: 10.5, token, idempotencyKey: randomUUID() },
      { amountCents: 100, token: '4242424242424242', idempotencyKey: randomUUID() },
      { amountCents: 100, token, idempotencyKey: randomUUID(), cardNumber: '4242424242424242' },
      { amountCents: 100, token, idempotencyKey: 'again' },
    ]) {
      const refused = await s.browser.request('POST', path, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.body).not.toContain('4242424242424242');
    }
    // Someone else's statement, or one that does not exist: not found, and nothing charged.
    const other = await billingSetting(db, keyring);
    const theirs = await other.issued();
    expect((await pay(s.browser, theirs.id, 100)).statusCode).toBe(404);
    expect((await pay(s.browser, randomUUID(), 100)).statusCode).toBe(404);
    expect(await paymentCount(s.tenantId)).toBe(before);

    // The processor's card checks: each problem named, the number never echoed.
    for (const [card, location] of [
      [{ number: '4242 4242 4242 4241', expMonth: 8, expYear: 2030, cvc: '123' }, '/number'],
      [{ number: GOOD_CARD, expMonth: 1, expYear: 2020, cvc: '123' }, '/expiry'],
      [{ number: GOOD_CARD, expMonth: 13, expYear: 2030, cvc: '123' }, '/expiry'],
      [{ number: GOOD_CARD, expMonth: 8, expYear: 2030, cvc: '12' }, '/cvc'],
    ] as const) {
      const refused = await s.browser.request('POST', '/payment-sandbox/v1/tokens', card);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(location);
      expect(refused.body).not.toMatch(/4242|4241/);
    }

    const paid = await pay(s.browser, issued.id, 6500);
    expect(paid.json<Paid>().statement.status).toBe('paid');
  });

  it('two payments at once cannot pay a statement twice over', async () => {
    const s = await billingSetting(db, keyring);
    const issued = await s.issued();
    const tokens = await Promise.all([cardToken(s.browser), cardToken(s.browser)]);
    const answers = await Promise.all(
      tokens.map((token) => pay(s.browser, issued.id, 6500, { token })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const listed = (await s.browser.request('GET', '/api/me/billing/statements')).json<Listing>();
    expect(listed.statements[0]).toMatchObject({ status: 'paid', paidCents: 6500 });
    expect(listed.statements[0]?.payments.filter((p) => p.status === 'succeeded')).toHaveLength(1);

    // A tab that read the balance before another's payment settled cannot pay past it: the
    // insert weighs what is paid and under way, under a lock on the statement.
    const second = await s.issued();
    const key = await keyring.dataKey(tenantScope(s.tenantId));
    const attempt = (amountCents: number) => s.pendingAttempt(second.id, amountCents);
    const first = attempt(4000);
    await tenantTransaction(db, s.tenantId, async (tx) => {
      await insertPendingPayment(tx, key, first, tokens[0] ?? '', second);
      await settlePayment(tx, key, s.tenantId, first.id, {
        status: 'succeeded',
        at: s.clock.now(),
        secret: { token: 'tok_x', reference: 'ch_x', brand: 'Visa', last4: '4242', declined: null },
      });
    });
    await expect(
      tenantTransaction(db, s.tenantId, (tx) =>
        insertPendingPayment(tx, key, attempt(4000), tokens[1] ?? '', second),
      ),
    ).rejects.toThrow('The balance has changed.');
    await tenantTransaction(db, s.tenantId, (tx) =>
      insertPendingPayment(tx, key, attempt(2500), tokens[1] ?? '', second),
    );
  });

  it('a payment left pending with no payment after it is finished by the sweep, charged once, and the statement marked paid', async () => {
    const s = await billingSetting(db, keyring);
    const issued = await s.issued();
    const { payment: left, key } = await s.leftPending(issued, issued.amountDueCents);
    const processor = new SandboxProcessor(async () =>
      sandboxSecret(await keyring.dataKey(platformScope())),
    );
    const deps = { db, keyring, publicUrl: 'https://haven.test', now: s.clock.now, processor };
    const sweep = () => finishStalePayments(deps, { tenantId: s.tenantId });
    const statusOf = async () =>
      (
        await tenantTransaction(db, s.tenantId, (tx) =>
          paymentsOf(tx, key, s.tenantId, [issued.id]),
        )
      ).map((p) => [p.id, p.status, p.secret.reference?.startsWith('ch_sbx_') ?? false]);

    // Fresh, it may still be answered by its own page.
    expect(await sweep()).toBe(0);
    expect(await statusOf()).toEqual([[left.id, 'pending', false]]);
    s.clock.advance(STALE_PENDING_MS + 1000);
    expect(await sweep()).toBe(1);
    expect(await statusOf()).toEqual([[left.id, 'succeeded', true]]);
    expect(await sweep()).toBe(0);
    const listed = (await s.browser.request('GET', '/api/me/billing/statements')).json<Listing>();
    expect(listed.statements[0]).toMatchObject({ paidCents: 6500, status: 'paid' });
    // The Invoice says so too, for FHIR readers, marked by the job through the gate.
    const desk = new RecordRepository(
      { db, keyring, now: s.clock.now },
      { kind: 'staff', tenantId: s.tenantId, userId: s.billing.user.userId },
    );
    expect(((await desk.read('Invoice', issued.id)) as Invoice).status).toBe('balanced');
    const marked = await sql<{ actor_user_id: string | null; reason_code: string }>`
      select actor_user_id, reason_code from audit_entry
      where tenant_id = ${s.tenantId} and action = 'update' and resource_id = ${issued.id}`.execute(
      db.unsafeKysely,
    );
    expect(marked.rows).toEqual([{ actor_user_id: null, reason_code: 'system_job' }]);
  });

  it('without a card processor (production, until a live one is built) statements show and card payment is off', async () => {
    const clock = new TestClock(new Date());
    const { app } = await buildTestApp(db, {
      clock,
      env: {
        HAVEN_MODE: 'production',
        HAVEN_TRUSTED_PROXY: '10.0.0.0/8',
        HAVEN_MASTER_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      },
    });
    const tenantId = (await createTestTenant(db)).id;
    const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1975-06-01' });
    const billing = await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, 'billing');
    const issued = await billing.browser.request(
      'POST',
      `/api/practices/${tenantId}/patients/${patient.id}/statements`,
      { lines: TWO_SERVICES, dueDate: dayFromNow(30) },
    );
    expect(issued.statusCode, issued.body).toBe(201);
    const { browser } = await signedInPatient(app, db, keyring, tenantId, patient.id);
    const listed = (await browser.request('GET', '/api/me/billing/statements')).json<Listing>();
    expect(listed).toMatchObject({
      canPay: false,
      processor: null,
      statements: [{ status: 'open' }],
    });
    const card = { number: GOOD_CARD, expMonth: 8, expYear: 2030, cvc: '123' };
    expect((await browser.request('POST', '/payment-sandbox/v1/tokens', card)).statusCode).toBe(
      404,
    );
    const paid = await browser.request(
      'POST',
      `/api/me/billing/statements/${issued.json<StatementView>().id}/payments`,
      { amountCents: 100, token: 'tok_sbx_x.y', idempotencyKey: randomUUID() },
    );
    expect(paid.statusCode).toBe(503);
    expect(await paymentCount(tenantId)).toBe(0);
  });

  it('a payment left pending by a page that went away is finished by the next one, charged once; a key reused for another amount is refused', async () => {
    const s = await billingSetting(db, keyring);
    const issued = await s.issued();
    const { payment: left, token } = await s.leftPending(issued, 1500);

    // Fresh, it is still under way: another payment waits.
    expect((await pay(s.browser, issued.id, 5000)).statusCode).toBe(409);
    s.clock.advance(STALE_PENDING_MS + 1000);
    const next = await pay(s.browser, issued.id, 5000);
    expect(next.statusCode, next.body).toBe(201);
    expect(next.json<Paid>().statement).toMatchObject({ status: 'paid', paidCents: 6500 });
    // The left payment was charged with its own key: asked again, the same payment, not a second.
    const resent = await pay(s.browser, issued.id, 1500, {
      token,
      idempotencyKey: left.idempotencyKey,
    });
    expect(resent.statusCode).toBe(200);
    expect(resent.json<Paid>()).toMatchObject({ replayed: true, paymentId: left.id });
    expect(await paymentCount(s.tenantId)).toBe(2);

    const other = await s.issued();
    const attempt = randomUUID();
    expect((await pay(s.browser, other.id, 100, { idempotencyKey: attempt })).statusCode).toBe(201);
    const changed = await pay(s.browser, other.id, 200, { idempotencyKey: attempt });
    expect(changed.statusCode).toBe(409);
    expect(await paymentCount(s.tenantId)).toBe(3);
  });

  it('billing staff issue only whole statements and withdraw one without payments; bad input stores nothing', async () => {
    const s = await billingSetting(db, keyring);
    const [visit, lab] = TWO_SERVICES as [(typeof TWO_SERVICES)[0], (typeof TWO_SERVICES)[0]];
    const cases: [Parameters<typeof s.issue>, string][] = [
      [[[]], '/lines'],
      [[[{ ...visit, serviceDate: dayFromNow(2) }]], '/lines/0/serviceDate'],
      [[[{ ...visit, serviceDate: '2026-02-30' }]], '/lines/0/serviceDate'],
      [[[visit, { ...lab, insurancePaidCents: 7000 }]], '/lines/1/insurancePaidCents'],
      [[[{ ...visit, description: '  ' }]], '/lines/0/description'],
      [[[{ ...visit, insurancePaidCents: 18000, adjustmentCents: 0 }]], '/lines'],
      [[[visit], dayFromNow(-1)], '/dueDate'],
      [[[visit], dayFromNow(400)], '/dueDate'],
    ];
    for (const [args, location] of cases) {
      const refused = await s.issue(...args);
      expect(refused.statusCode, location).toBe(400);
      expect(
        refused
          .json<{ error: { issues: { location: string }[] } }>()
          .error.issues.map((i) => i.location),
      ).toContain(location);
    }
    const unknownPatient = await s.billing.browser.request(
      'POST',
      `/api/practices/${s.tenantId}/patients/${randomUUID()}/statements`,
      { lines: TWO_SERVICES, dueDate: dayFromNow(30) },
    );
    // The statement would name a patient the practice does not have.
    expect(unknownPatient.statusCode).toBe(422);
    expect(await storedVersionCount(db, s.tenantId, 'Invoice')).toBe(0);

    const wrong = await s.issued();
    const cancelPath = `${s.statementsPath}/${wrong.id}/cancellation`;
    const cancelled = await s.billing.browser.request('POST', cancelPath, {
      reason: 'Billed to the wrong visit',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<StatementView>().status).toBe('cancelled');
    expect((await pay(s.browser, wrong.id, 100)).statusCode).toBe(409);
    const listed = (await s.browser.request('GET', '/api/me/billing/statements')).json<Listing>();
    expect(listed.statements.map((st) => st.status)).toEqual(['cancelled']);

    const kept = await s.issued();
    await pay(s.browser, kept.id, 1000);
    const refused = await s.billing.browser.request(
      'POST',
      `${s.statementsPath}/${kept.id}/cancellation`,
      {
        reason: 'Too late',
      },
    );
    expect(refused.statusCode).toBe(409);
  });

  it('a withdrawal and a payment that cross never both go through, whichever comes first', async () => {
    const s = await billingSetting(db, keyring);
    const desk = new RecordRepository(
      { db, keyring, now: s.clock.now },
      { kind: 'staff', tenantId: s.tenantId, userId: s.billing.user.userId },
    );
    const key = await keyring.dataKey(tenantScope(s.tenantId));
    const statusOf = async (id: string) => ((await desk.read('Invoice', id)) as Invoice).status;

    // The desk saw no payments; the patient pays before the withdrawal is written.
    const paidMeanwhile = await s.issued();
    const seenByDesk = (await desk.read('Invoice', paidMeanwhile.id)) as Invoice;
    expect((await pay(s.browser, paidMeanwhile.id, 1000)).statusCode).toBe(201);
    await expect(
      withdrawStatement(desk, seenByDesk, paidMeanwhile, 'Billed twice'),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await statusOf(paidMeanwhile.id)).toBe('issued');

    // The patient saw the statement open; it is withdrawn before their payment is written.
    const withdrawnMeanwhile = await s.issued();
    const cancelled = await s.billing.browser.request(
      'POST',
      `${s.statementsPath}/${withdrawnMeanwhile.id}/cancellation`,
      { reason: 'Billed twice' },
    );
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const token = await cardToken(s.browser);
    await expect(
      tenantTransaction(db, s.tenantId, (tx) =>
        insertPendingPayment(
          tx,
          key,
          s.pendingAttempt(withdrawnMeanwhile.id, 1000),
          token,
          withdrawnMeanwhile,
        ),
      ),
    ).rejects.toThrow('The statement has changed.');
    expect(await statusOf(withdrawnMeanwhile.id)).toBe('cancelled');
    const payments = await tenantTransaction(db, s.tenantId, (tx) =>
      paymentsOf(tx, key, s.tenantId, [withdrawnMeanwhile.id]),
    );
    expect(payments).toEqual([]);

    // Sent at once, many times over: each statement ends withdrawn with nothing paid, or paid.
    const raced = await Promise.all(Array.from({ length: 6 }, () => s.issued()));
    await Promise.all(
      raced.flatMap((statement, i) => [
        // Every other one spelt in capitals, as a URL may: the lock is the same one.
        pay(s.browser, i % 2 ? statement.id.toUpperCase() : statement.id, statement.amountDueCents),
        s.billing.browser.request('POST', `${s.statementsPath}/${statement.id}/cancellation`, {
          reason: 'Billed twice',
        }),
      ]),
    );
    const outcomes = new Set<string>();
    for (const statement of raced) {
      const status = await statusOf(statement.id);
      const taken = (
        await tenantTransaction(db, s.tenantId, (tx) =>
          paymentsOf(tx, key, s.tenantId, [statement.id]),
        )
      ).filter((p) => p.status !== 'declined');
      if (status === 'cancelled') expect(taken).toEqual([]);
      else expect(taken.map((p) => p.status)).toEqual(['succeeded']);
      outcomes.add(status);
    }
    expect([...outcomes].every((o) => o === 'cancelled' || o === 'balanced')).toBe(true);
  });

  it('clinicians see no bills; a proxy sees and pays them only with the billing scope; Invoices are written by no FHIR client', async () => {
    const s = await billingSetting(db, keyring);
    const issued = await s.issued();

    const clinician = await clearedStaffBrowser(
      s.app,
      db,
      keyring,
      s.clock.now,
      s.tenantId,
      'clinician',
    );
    await verifyTestLicence(db, keyring, s.tenantId, clinician.user.userId, s.clock.now());
    await joinCareTeam(db, s.tenantId, s.patient.id, clinician.user.userId, s.clock.now());
    // Opening the chart does not ask for the bills: the patient's access page shows the chart
    // looked through, never a look at billing.
    const chart = await clinician.browser.request(
      'GET',
      `/api/practices/${s.tenantId}/patients/${s.patient.id}/records`,
    );
    expect(chart.statusCode).toBe(200);
    const accesses = (await s.browser.request('GET', '/api/me/record/accesses')).json<{
      accesses: { roles: string[]; dataCategory: string | null }[];
    }>().accesses;
    const byClinician = accesses.filter((a) => a.roles.includes('clinician'));
    expect(byClinician.length).toBeGreaterThan(0);
    expect(byClinician.map((a) => a.dataCategory)).not.toContain('coverage');
    const theirs = await clinician.browser.request('GET', s.statementsPath);
    expect(theirs.json<Listing>().statements).toEqual([]);
    // Asking for them outright is a refused attempt, and the patient is told it was refused.
    const after = (await s.browser.request('GET', '/api/me/record/accesses')).json<{
      accesses: {
        roles: string[];
        dataCategory: string | null;
        refused: boolean;
        description: string;
      }[];
    }>().accesses;
    expect(
      after.filter((a) => a.roles.includes('clinician') && a.dataCategory === 'coverage'),
    ).toEqual([
      expect.objectContaining({
        refused: true,
        description: 'was refused access to your insurance and billing',
      }),
    ]);
    expect(
      after.filter((a) => a.roles.includes('clinician') && a.dataCategory === 'demographics'),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ refused: false })]));
    const issuedByClinician = await clinician.browser.request('POST', s.statementsPath, {
      lines: TWO_SERVICES,
      dueDate: dayFromNow(30),
    });
    expect(issuedByClinician.statusCode).toBe(403);
    const clinicianFhir = await staffFhirCaller(
      s.app,
      db,
      keyring,
      { tenantId: s.tenantId, userId: clinician.user.userId },
      s.clock.now(),
    );
    expect((await clinicianFhir('GET', `/Invoice/${issued.id}`)).statusCode).toBe(404);

    const grant = { tenantId: s.tenantId, patientId: s.patient.id, grantedBy: s.person.userId };
    const payer = await proxyBrowser(s.app, db, keyring, { ...grant, scopes: ['read', 'billing'] });
    const seen = (await payer.browser.request('GET', '/api/me/billing/statements')).json<Listing>();
    expect(seen).toMatchObject({ canPay: true, statements: [{ id: issued.id }] });
    const paid = await pay(payer.browser, issued.id, 500);
    expect(paid.statusCode, paid.body).toBe(201);

    const reader = await proxyBrowser(s.app, db, keyring, { ...grant, scopes: ['read'] });
    const notSeen = (
      await reader.browser.request('GET', '/api/me/billing/statements')
    ).json<Listing>();
    expect(notSeen).toMatchObject({ canPay: false, statements: [] });
    expect((await pay(reader.browser, issued.id, 500)).statusCode).toBe(403);

    // Amounts come only from the billing workflow: no FHIR client writes an Invoice.
    const billingFhir = await staffFhirCaller(
      s.app,
      db,
      keyring,
      { tenantId: s.tenantId, userId: s.billing.user.userId },
      s.clock.now(),
    );
    const stored = (await billingFhir('GET', `/Invoice/${issued.id}`)).json<{
      meta: { versionId: string };
    }>();
    const changed = await billingFhir('PUT', `/Invoice/${issued.id}`, {
      ...stored,
      totalNet: { value: 1, currency: 'USD' },
    });
    expect(changed.statusCode).toBe(403);
    const made = await billingFhir('POST', '/Invoice', {
      resourceType: 'Invoice',
      status: 'issued',
      subject: { reference: `Patient/${s.patient.id}` },
    });
    expect(made.statusCode).toBe(403);
    const { authorization } = await issueTestToken(
      db,
      keyring,
      { patient: { tenantId: s.tenantId, userId: s.person.userId, patientId: s.patient.id } },
      { now: s.clock.now() },
    );
    const patientFhir = fhirCaller(s.app, authorization);
    expect((await patientFhir('GET', `/Invoice/${issued.id}`)).statusCode).toBe(200);
    expect(
      (await patientFhir('PUT', `/Invoice/${issued.id}`, { ...stored, status: 'balanced' }))
        .statusCode,
    ).toBe(403);
    expect(await storedVersionCount(db, s.tenantId, 'Invoice')).toBe(1);
  });
});

async function paymentCount(tenantId: string): Promise<number> {
  const rows = await tenantTransaction(db, tenantId, (tx) =>
    tx.selectFrom('statement_payment').select('id').where('tenant_id', '=', tenantId).execute(),
  );
  return rows.length;
}
