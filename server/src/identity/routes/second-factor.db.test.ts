import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { totpCodeAt } from '../mfa/index.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { openTestDatabase, testKeyring } from '../../../test/test-database.js';
import {
  createTestUser,
  deliverQueuedEmail,
  TestBrowser,
  type TestUser,
} from '../../../test/identity-fixtures.js';
import { SoftAuthenticator } from '../../../test/soft-authenticator.js';

const ORIGIN = 'https://haven.test';
let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function setup() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock, env: { HAVEN_PUBLIC_URL: ORIGIN } });
  return { app, clock, browser: new TestBrowser(app) };
}

/** Signs in and enrols TOTP; returns the secret. */
async function enrolTotp(browser: TestBrowser, clock: TestClock, user: TestUser): Promise<string> {
  await browser.signIn(user);
  const started = (await browser.request('POST', '/api/me/mfa/totp')).json<{
    secret: string;
    otpauthUri: string;
  }>();
  expect(started.otpauthUri).toMatch(/^otpauth:\/\/totp\/Haven:/);
  const before = browser.cookies.get('haven_session');
  const confirmed = await browser.request('POST', '/api/me/mfa/totp/confirm', {
    code: totpCodeAt(started.secret, clock.now()),
  });
  expect(confirmed.statusCode).toBe(200);
  expect(browser.cookies.get('haven_session')).not.toBe(before);
  await browser.request('POST', '/api/auth/sign-out');
  clock.advance(30_000);
  return started.secret;
}

describe('second factor', () => {
  it('with TOTP enrolled, the password alone does not sign in; a right code does, with a new session token', async () => {
    const { browser, clock } = await setup();
    const user = await createTestUser(db, keyring);
    const secret = await enrolTotp(browser, clock, user);

    const first = await browser.signIn(user);
    expect(first.json()).toMatchObject({ stage: 'mfa', secondFactors: ['totp'] });
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(401);
    const halfwayToken = browser.cookies.get('haven_session');

    const wrong = await browser.request('POST', '/api/auth/second-factor', {
      method: 'totp',
      code: '000000',
    });
    expect(wrong.statusCode).toBe(401);
    const right = await browser.request('POST', '/api/auth/second-factor', {
      method: 'totp',
      code: totpCodeAt(secret, clock.now()),
    });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ stage: 'active' });
    expect(browser.cookies.get('haven_session')).not.toBe(halfwayToken);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);

    const stale = new TestBrowser((await setup()).app);
    stale.cookies.set('haven_session', halfwayToken ?? '');
    expect((await stale.request('GET', '/api/auth/session')).json()).toEqual({ signedIn: false });
  });

  it('five wrong codes end the half-signed-in session', async () => {
    const { browser, clock } = await setup();
    const user = await createTestUser(db, keyring);
    await enrolTotp(browser, clock, user);
    await browser.signIn(user);
    for (let i = 0; i < 5; i++) {
      await browser.request('POST', '/api/auth/second-factor', {
        method: 'totp',
        code: `12345${i}`,
      });
    }
    const after = await browser.request('POST', '/api/auth/second-factor', {
      method: 'totp',
      code: '123456',
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ error: { message: 'Sign in with your password first.' } });
    const history = await db.unsafeKysely
      .selectFrom('sign_in_event')
      .select('outcome')
      .where('user_id', '=', user.userId)
      .execute();
    expect(history.filter((h) => h.outcome === 'mfa_failed')).toHaveLength(5);
  });

  it('a recovery code works once', async () => {
    const { browser, clock } = await setup();
    const user = await createTestUser(db, keyring);
    const secret = await enrolTotp(browser, clock, user);
    await browser.signIn(user);
    await browser.request('POST', '/api/auth/second-factor', {
      method: 'totp',
      code: totpCodeAt(secret, clock.now()),
    });
    const codes = await signedInCodes(browser, user);
    expect(codes).toHaveLength(10);
    await browser.request('POST', '/api/auth/sign-out');
    await browser.signIn(user);
    const first = await browser.request('POST', '/api/auth/second-factor', {
      method: 'recovery_code',
      code: codes[0],
    });
    expect(first.statusCode).toBe(200);
    await browser.request('POST', '/api/auth/sign-out');
    await browser.signIn(user);
    const reused = await browser.request('POST', '/api/auth/second-factor', {
      method: 'recovery_code',
      code: codes[0],
    });
    expect(reused.statusCode).toBe(401);
  });

  it('a patient without a smartphone signs in with a code sent by email', async () => {
    const { browser } = await setup();
    const user = await createTestUser(db, keyring, { mfaEmail: true });
    expect((await browser.signIn(user)).json()).toMatchObject({
      stage: 'mfa',
      secondFactors: ['email_code'],
    });
    expect((await browser.request('POST', '/api/auth/second-factor/email-code')).statusCode).toBe(
      202,
    );
    const [mail] = (await deliverQueuedEmail(db, keyring)).filter((m) => m.to === user.email);
    const code = /\b(\d{6})\b/.exec(mail?.text ?? '')?.[1];
    expect(code).toBeDefined();
    expect(mail?.subject).not.toContain(code);
    const done = await browser.request('POST', '/api/auth/second-factor', {
      method: 'email_code',
      code,
    });
    expect(done.statusCode).toBe(200);
    expect((await browser.request('GET', '/api/me')).statusCode).toBe(200);
  });

  it('a passkey added in settings signs in as the second factor', async () => {
    const { browser } = await setup();
    const user = await createTestUser(db, keyring);
    await browser.signIn(user);
    const device = new SoftAuthenticator();
    const options = (
      await browser.request('POST', '/api/me/mfa/passkeys/options')
    ).json<PublicKeyCredentialCreationOptionsJSON>();
    const added = await browser.request('POST', '/api/me/mfa/passkeys', {
      name: 'Phone',
      response: device.register(options, { origin: ORIGIN }),
    });
    expect(added.statusCode).toBe(200);
    expect((await browser.request('GET', '/api/me/mfa')).json()).toMatchObject({
      passkeys: [{ name: 'Phone' }],
    });
    await browser.request('POST', '/api/auth/sign-out');

    expect((await browser.signIn(user)).json()).toMatchObject({
      stage: 'mfa',
      secondFactors: ['passkey'],
    });
    const request = (
      await browser.request('POST', '/api/auth/second-factor/passkey-options')
    ).json<PublicKeyCredentialRequestOptionsJSON>();
    const forged = device.authenticate(request, { origin: 'https://evil.example' });
    expect(
      (
        await browser.request('POST', '/api/auth/second-factor', {
          method: 'passkey',
          response: forged,
        })
      ).statusCode,
    ).toBe(401);
    const again = (
      await browser.request('POST', '/api/auth/second-factor/passkey-options')
    ).json<PublicKeyCredentialRequestOptionsJSON>();
    const assertion = device.authenticate(again, { origin: ORIGIN });
    expect(
      (
        await browser.request('POST', '/api/auth/second-factor', {
          method: 'passkey',
          response: assertion,
        })
      ).statusCode,
    ).toBe(200);
  });
});

async function signedInCodes(browser: TestBrowser, user: TestUser): Promise<string[]> {
  const res = await browser.request('POST', '/api/me/mfa/recovery-codes', {
    password: user.password,
  });
  if (res.statusCode === 200) return res.json<{ codes: string[] }>().codes;
  throw new Error(`recovery codes: ${res.statusCode}`);
}
