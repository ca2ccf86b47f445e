import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { openTestDatabase, testKeyring } from '../../../test/test-database.js';
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

const NEW_PASSWORD = 'marble-thistle-compass-58';

async function setup() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, {
    clock,
    env: { HAVEN_PUBLIC_URL: 'https://haven.test' },
  });
  return { app, clock, browser: new TestBrowser(app) };
}

function tokenFrom(text: string | undefined): string {
  const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(text ?? '')?.[1];
  if (!token) throw new Error('no reset link in the email');
  return token;
}

describe('password reset and change', () => {
  it('answers a reset request the same way whether or not the account exists', async () => {
    const { browser } = await setup();
    const user = await createTestUser(db, keyring);
    const known = await browser.request('POST', '/api/auth/password-reset', { email: user.email });
    const unknown = await browser.request('POST', '/api/auth/password-reset', {
      email: `nobody-${user.email}`,
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const mail = await deliverQueuedEmail(db, keyring);
    expect(mail.filter((m) => m.to === user.email)).toHaveLength(1);
    expect(mail.filter((m) => m.to === `nobody-${user.email}`)).toHaveLength(0);
  });

  it('a reset link works once, ends every session, and a reused or expired one is refused', async () => {
    const { app, browser, clock } = await setup();
    const user = await createTestUser(db, keyring);
    const laptop = new TestBrowser(app);
    await laptop.signIn(user);
    await browser.request('POST', '/api/auth/password-reset', { email: user.email });
    const mail = (await deliverQueuedEmail(db, keyring)).find((m) => m.to === user.email);
    expect(mail?.text).toMatch(/30 minutes/);
    expect(mail?.text).not.toMatch(/password:\s*\S/i);
    const token = tokenFrom(mail?.text);

    const weak = await browser.request('POST', '/api/auth/password-reset/complete', {
      token,
      newPassword: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({
      error: { code: 'validation_failed', issues: [{ location: 'password' }] },
    });

    const done = await browser.request('POST', '/api/auth/password-reset/complete', {
      token,
      newPassword: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(204);
    expect((await laptop.request('GET', '/api/me')).statusCode).toBe(401);
    expect((await browser.signIn({ email: user.email, password: NEW_PASSWORD })).statusCode).toBe(
      200,
    );

    const reused = await browser.request('POST', '/api/auth/password-reset/complete', {
      token,
      newPassword: 'another-fine-passphrase-4',
    });
    expect(reused.statusCode).toBe(400);

    await browser.request('POST', '/api/auth/password-reset', { email: user.email });
    const second = tokenFrom(
      (await deliverQueuedEmail(db, keyring)).find(
        (m) => m.to === user.email && m.text.includes('reset-password#token='),
      )?.text,
    );
    clock.advance(31 * 60_000);
    const expired = await browser.request('POST', '/api/auth/password-reset/complete', {
      token: second,
      newPassword: 'another-fine-passphrase-4',
    });
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({
      error: { message: 'This reset link is not valid any more. Ask for a new one.' },
    });
  });

  it('changing the password needs the current one, refuses common ones, and ends my other sessions', async () => {
    const { app, browser } = await setup();
    const user = await createTestUser(db, keyring);
    const phone = new TestBrowser(app);
    await browser.signIn(user);
    await phone.signIn(user);
    const wrong = await browser.request('POST', '/api/me/password', {
      currentPassword: 'nope',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(400);
    const common = await browser.request('POST', '/api/me/password', {
      currentPassword: user.password,
      newPassword: 'qwertyuiop123',
    });
    expect(common.statusCode).toBe(400);
    expect((await phone.request('GET', '/api/me')).statusCode).toBe(200);
    const ok = await browser.request('POST', '/api/me/password', {
      currentPassword: user.password,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(204);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);
    expect((await phone.request('GET', '/api/me')).statusCode).toBe(401);
  });
});
