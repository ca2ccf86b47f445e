import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import type { Keyring } from '../../crypto/index.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import {
  createTestUser,
  deliverQueuedEmail,
  TestBrowser,
} from '../../../test/identity-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function setup(clock = new TestClock()) {
  const { app } = await buildTestApp(db, { clock });
  return { app, clock, browser: new TestBrowser(app) };
}

describe('signing in with a password', () => {
  it('unauthenticated is refused', async () => {
    const { browser } = await setup();
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(401);
    expect((await browser.request('GET', '/api/me/sessions')).statusCode).toBe(401);
  });

  it('signs in, sets an HttpOnly SameSite=Strict session cookie, and knows who is asking', async () => {
    const { browser } = await setup();
    const user = await createTestUser(db, keyring);
    const res = await browser.signIn(user);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<object>()).sort()).toEqual(['csrfToken', 'stage']);
    expect(res.json()).toMatchObject({ stage: 'active' });
    const cookie = res.cookies.find((c) => c.name === 'haven_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(res.body).not.toContain(cookie?.value);
    const me = await browser.request('GET', '/api/me');
    expect(me.json()).toMatchObject({ userId: user.userId, email: user.email });
    // The database keeps a hash of the token, never the token.
    const stored = await db.unsafeKysely
      .selectFrom('user_session')
      .select('token_hash')
      .where('user_id', '=', user.userId)
      .execute();
    expect(stored.map((s) => Buffer.from(s.token_hash).toString('base64url'))).not.toContain(
      cookie?.value,
    );
  });

  it('answers a wrong password and an unknown email with the same words', async () => {
    const { browser } = await setup();
    const user = await createTestUser(db, keyring);
    for (const email of [user.email, `nobody-${user.email}`]) {
      const res = await browser.request('POST', '/api/auth/sign-in', {
        email,
        password: 'not-the-password-at-all',
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        error: {
          code: 'unauthenticated',
          message: 'The email or password is not right.',
          requestId: res.headers['x-request-id'],
        },
      });
    }
  });

  it('brute force hits the lockout, for real and unknown accounts alike, and it lifts with time', async () => {
    const { browser, clock } = await setup();
    const user = await createTestUser(db, keyring);
    for (const email of [user.email, `ghost-${user.email}`]) {
      for (let i = 0; i < 5; i++) {
        const res = await browser.request('POST', '/api/auth/sign-in', {
          email,
          password: `wrong-password-${i}`,
        });
        expect(res.statusCode).toBe(i < 4 ? 401 : 429);
      }
      const locked = await browser.request('POST', '/api/auth/sign-in', {
        email,
        password: user.password,
      });
      expect(locked.statusCode).toBe(429);
      expect(locked.json()).toMatchObject({
        error: { code: 'rate_limited', message: 'Too many attempts. Try again in 1 minute.' },
      });
    }
    clock.advance(61_000);
    expect((await browser.signIn(user)).statusCode).toBe(200);
  });

  it('a session id fixed before sign-in is not honoured', async () => {
    const { app, browser } = await setup();
    const attacker = await createTestUser(db, keyring);
    const victim = await createTestUser(db, keyring);
    const attackerBrowser = new TestBrowser(app);
    await attackerBrowser.signIn(attacker);
    const planted = attackerBrowser.cookies.get('haven_session') ?? '';
    browser.cookies.set('haven_session', planted);
    await browser.signIn(victim);
    expect(browser.cookies.get('haven_session')).not.toBe(planted);
    expect((await browser.request('GET', '/api/me')).json()).toMatchObject({
      userId: victim.userId,
    });
    expect((await attackerBrowser.request('GET', '/api/me')).statusCode).toBe(401);
  });

  it('refuses a state-changing request without the CSRF token or from another origin', async () => {
    const { browser } = await setup();
    const user = await createTestUser(db, keyring);
    await browser.signIn(user);
    const body = { currentPassword: user.password, newPassword: 'a-brand-new-long-passphrase-7' };
    const noToken = await browser.request('POST', '/api/me/password', body, { 'x-csrf-token': '' });
    expect(noToken.statusCode).toBe(403);
    const otherSite = await browser.request('POST', '/api/me/password', body, {
      origin: 'https://evil.example',
    });
    expect(otherSite.statusCode).toBe(403);
    const signOut = await browser.request('POST', '/api/auth/sign-out', undefined, {
      'x-csrf-token': 'forged',
    });
    expect(signOut.statusCode).toBe(403);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);
    const session = await browser.request('GET', '/api/auth/session');
    expect(session.json()).toMatchObject({ signedIn: true, csrfToken: browser.csrfToken });
  });

  it('times out idle sessions: 30 minutes for patients, 15 for staff', async () => {
    const { app, browser, clock } = await setup();
    const patient = await createTestUser(db, keyring);
    await browser.signIn(patient);
    clock.advance(29 * 60_000);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);
    clock.advance(29 * 60_000);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(401);

    const tenant = await createTestTenant(db);
    const staff = await createTestUser(db, keyring, {
      staff: { tenantId: tenant.id, role: 'front_desk' },
    });
    const staffBrowser = new TestBrowser(app);
    await staffBrowser.signIn(staff);
    expect((await staffBrowser.request('GET', '/api/auth/session')).json()).toMatchObject({
      idleTimeoutSeconds: 900,
    });
    clock.advance(16 * 60_000);
    expect((await staffBrowser.request('GET', '/api/me')).statusCode).toBe(401);
  });

  it('a practice admin sets the practice’s idle time-out, and new sessions follow it', async () => {
    const { app, browser, clock } = await setup();
    const tenant = await createTestTenant(db);
    const admin = await createTestUser(db, keyring, {
      staff: { tenantId: tenant.id, role: 'practice_admin' },
    });
    await browser.signIn(admin);
    const url = `/api/practices/${tenant.id}/session-policy`;
    expect((await browser.request('GET', url)).json()).toEqual({
      staffIdleMinutes: 15,
      patientIdleMinutes: 30,
    });
    const bad = await browser.request('PUT', url, { staffIdleMinutes: 0, patientIdleMinutes: 30 });
    expect(bad.statusCode).toBe(400);
    const set = await browser.request('PUT', url, { staffIdleMinutes: 5, patientIdleMinutes: 20 });
    expect(set.statusCode).toBe(200);
    const changes = await db.unsafeKysely
      .selectFrom('audit_entry')
      .select(['actor_user_id', 'reason_code'])
      .where('tenant_id', '=', tenant.id)
      .where('action', '=', 'config_change')
      .execute();
    // Only the accepted change is audited, by whom it was made.
    expect(changes).toEqual([{ actor_user_id: admin.userId, reason_code: 'session_policy' }]);
    const nurse = await createTestUser(db, keyring, {
      staff: { tenantId: tenant.id, role: 'nurse' },
    });
    const nurseBrowser = new TestBrowser(app);
    await nurseBrowser.signIn(nurse);
    expect(
      (await nurseBrowser.request('PUT', url, { staffIdleMinutes: 60, patientIdleMinutes: 60 }))
        .statusCode,
    ).toBe(403);
    clock.advance(6 * 60_000);
    expect((await nurseBrowser.request('GET', '/api/me')).statusCode).toBe(401);
  });

  it('lists my sessions and sign-ins; I can end another session of mine but not someone else’s', async () => {
    const { app, browser, clock } = await setup();
    const user = await createTestUser(db, keyring);
    const phone = new TestBrowser(
      app,
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    );
    await browser.request('POST', '/api/auth/sign-in', {
      email: user.email,
      password: 'wrong-one-here',
    });
    clock.advance(1000);
    await browser.signIn(user);
    clock.advance(1000);
    await phone.signIn(user);
    const sessions = (await browser.request('GET', '/api/me/sessions')).json<
      { id: string; current: boolean; browser: string }[]
    >();
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => s.browser).sort()).toEqual([
      'Firefox 128 on Linux',
      'Mobile Safari 17 on iOS',
    ]);
    const other = sessions.find((s) => !s.current);
    expect((await browser.request('DELETE', `/api/me/sessions/${other?.id}`)).statusCode).toBe(204);
    expect((await phone.request('GET', '/api/me')).statusCode).toBe(401);

    const stranger = new TestBrowser(app);
    await stranger.signIn(await createTestUser(db, keyring));
    const current = sessions.find((s) => s.current);
    expect((await stranger.request('DELETE', `/api/me/sessions/${current?.id}`)).statusCode).toBe(
      404,
    );
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);

    const history = (await browser.request('GET', '/api/me/sign-ins')).json<
      { outcome: string }[]
    >();
    expect(history.map((h) => h.outcome)).toEqual(['success', 'success', 'bad_credentials']);
  });

  it('alerts the owner by email when a sign-in comes from a new device', async () => {
    const { app, browser } = await setup();
    const user = await createTestUser(db, keyring);
    await browser.signIn(user);
    await browser.signIn(user);
    await deliverQueuedEmail(db, keyring);
    const newLaptop = new TestBrowser(app);
    await newLaptop.signIn(user);
    const mail = (await deliverQueuedEmail(db, keyring)).filter((m) => m.to === user.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('New sign-in to your Haven account');
    expect(mail[0]?.text).toContain('Firefox 128');
  });
});
