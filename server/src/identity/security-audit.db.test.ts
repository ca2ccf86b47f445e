import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { verifyAuditLog } from '../audit/index.js';
import { totpCodeAt } from './mfa/index.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { clearedStaffBrowser, createTestUser, TestBrowser } from '../../test/identity-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function entriesOf(tenantId: string, userId: string) {
  return tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('audit_entry')
      .select([
        'action',
        'outcome',
        'reason_code',
        'source_address',
        'data_category',
        'resource_id',
      ])
      .where('actor_user_id', '=', userId)
      .orderBy('at')
      .orderBy('chain_id')
      .orderBy('seq')
      .execute(),
  );
}

describe('security events in the audit log', () => {
  it('records failed and successful sign-in, MFA enrolment and sign-out in every practice that knows the person', async () => {
    const clock = new TestClock();
    const { app } = await buildTestApp(db, { clock });
    const first = await createTestTenant(db);
    const second = await createTestTenant(db);
    const user = await createTestUser(db, keyring, {
      staff: { tenantId: first.id, role: 'nurse' },
    });
    await db.unsafeKysely
      .insertInto('practice_membership')
      .values({ tenant_id: second.id, user_id: user.userId, role: 'front_desk' })
      .execute();
    const browser = new TestBrowser(app);

    await browser.request('POST', '/api/auth/sign-in', {
      email: user.email,
      password: 'wrong-password-here',
    });
    clock.advance(1000);
    await browser.signIn(user);
    clock.advance(1000);
    const { secret } = (await browser.request('POST', '/api/me/mfa/totp')).json<{
      secret: string;
    }>();
    await browser.request('POST', '/api/me/mfa/totp/confirm', {
      code: totpCodeAt(secret, clock.now()),
    });
    clock.advance(1000);
    await browser.request('POST', '/api/auth/sign-out');

    for (const tenant of [first, second]) {
      const entries = await entriesOf(tenant.id, user.userId);
      expect(entries.map((e) => [e.action, e.outcome, e.reason_code])).toEqual([
        ['sign_in_failed', 'failure', 'bad_credentials'],
        ['sign_in', 'success', 'password'],
        ['mfa_change', 'success', 'totp_enrolled'],
        ['sign_out', 'success', null],
      ]);
      expect(new Set(entries.map((e) => e.source_address))).toEqual(new Set([browser.ip]));
      expect(new Set(entries.map((e) => e.data_category))).toEqual(new Set(['account']));
    }
    const result = await verifyAuditLog(db, { tenantId: first.id });
    expect(result.ok).toBe(true);
  });

  it('an admin’s role change names the admin as actor and the account changed', async () => {
    const clock = new TestClock();
    const { app } = await buildTestApp(db, { clock });
    const practice = await createTestTenant(db);
    const { browser, user: admin } = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      practice.id,
      'practice_admin',
    );
    const colleague = await createTestUser(db, keyring, {
      staff: { tenantId: practice.id, role: 'nurse' },
    });
    const added = await browser.request(
      'POST',
      `/api/practices/${practice.id}/staff/${colleague.userId}/roles`,
      { role: 'front_desk' },
    );
    expect(added.statusCode).toBe(200);
    const entries = (await entriesOf(practice.id, admin.userId)).filter(
      (e) => e.action === 'role_change',
    );
    expect(entries).toEqual([
      expect.objectContaining({
        reason_code: 'role_added:front_desk',
        resource_id: colleague.userId,
      }) as unknown,
    ]);
  });

  it('an attempt on an email with no account is in no practice’s log', async () => {
    const { app } = await buildTestApp(db);
    const practice = await createTestTenant(db);
    const before = await tenantTransaction(db, practice.id, (tx) =>
      tx.selectFrom('audit_entry').select('seq').execute(),
    );
    await new TestBrowser(app).request('POST', '/api/auth/sign-in', {
      email: 'nobody-at-all@example.org',
      password: 'whatever-it-is',
    });
    const after = await tenantTransaction(db, practice.id, (tx) =>
      tx.selectFrom('audit_entry').select('seq').execute(),
    );
    expect(after).toEqual(before);
  });
});
