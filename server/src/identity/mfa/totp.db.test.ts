import { randomBytes, randomUUID } from 'node:crypto';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import { openTestDatabase } from '../../../test/test-database.js';
import { systemCreateStaffAccount } from '../staff-accounts.js';
import {
  confirmTotpEnrolment,
  hasActiveTotp,
  removeTotp,
  startTotpEnrolment,
  totpCodeAt,
  verifyTotp,
} from './index.js';

let db: HavenDatabase;
const platformKey = randomBytes(32);
const label = { issuer: 'Haven', accountLabel: 'someone@example.test' };
// Mid-step, so "30 s earlier" and "30 s later" are unambiguously the neighbouring steps.
const T = new Date('2030-01-01T12:00:15Z');
const at = (seconds: number) => new Date(T.getTime() + seconds * 1000);

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

async function newUser(): Promise<string> {
  return systemTransaction(db, (tx) =>
    systemCreateStaffAccount(tx, platformKey, {
      email: `mfa-${randomBytes(6).toString('hex')}@example.test`,
      displayName: 'Test User',
      passwordHash: 'not-a-real-hash',
      tenantId: randomUUID(),
      roles: [],
    }),
  );
}

/** A user with a TOTP confirmed ten minutes before T; returns the user and the secret. */
async function enrolled(): Promise<{ userId: string; secret: string }> {
  const userId = await newUser();
  const secret = await systemTransaction(db, async (tx) => {
    const { secretBase32 } = await startTotpEnrolment(tx, platformKey, userId, label);
    const code = totpCodeAt(secretBase32, at(-600));
    expect(await confirmTotpEnrolment(tx, platformKey, userId, code, at(-600))).toBe(true);
    return secretBase32;
  });
  return { userId, secret };
}

const verify = (userId: string, code: string, now: Date) =>
  systemTransaction(db, (tx) => verifyTotp(tx, platformKey, userId, code, now));

describe('TOTP enrolment', () => {
  it('gives a secret and an otpauth URI, and activates only with a valid code', async () => {
    const userId = await newUser();
    await systemTransaction(db, async (tx) => {
      const enrolment = await startTotpEnrolment(tx, platformKey, userId, label);
      expect(enrolment.secretBase32).toMatch(/^[A-Z2-7]{32}$/);
      const uri = new URL(enrolment.otpauthUri);
      expect(uri.protocol).toBe('otpauth:');
      expect(uri.searchParams.get('secret')).toBe(enrolment.secretBase32);
      expect(uri.searchParams.get('issuer')).toBe('Haven');
      expect(uri.searchParams.get('algorithm')).toBe('SHA1');
      expect(uri.searchParams.get('digits')).toBe('6');
      expect(uri.searchParams.get('period')).toBe('30');

      const right = totpCodeAt(enrolment.secretBase32, T);
      const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
      expect(await confirmTotpEnrolment(tx, platformKey, userId, wrong, T)).toBe(false);
      expect(await hasActiveTotp(tx, userId)).toBe(false);
      expect(await verifyTotp(tx, platformKey, userId, right, T)).toBe(false);
      expect(await confirmTotpEnrolment(tx, platformKey, userId, right, T)).toBe(true);
      expect(await hasActiveTotp(tx, userId)).toBe(true);
      // The confirming code is spent: it cannot be replayed to sign in.
      expect(await verifyTotp(tx, platformKey, userId, right, T)).toBe(false);
    });
  });

  it('a new pending enrolment replaces the earlier one and leaves the active one working', async () => {
    const { userId, secret } = await enrolled();
    const [first, second] = await systemTransaction(db, async (tx) => [
      await startTotpEnrolment(tx, platformKey, userId, label),
      await startTotpEnrolment(tx, platformKey, userId, label),
    ]);
    expect(first.secretBase32).not.toBe(second.secretBase32);
    expect(await verify(userId, totpCodeAt(secret, T), T)).toBe(true);
    await systemTransaction(db, async (tx) => {
      const old = totpCodeAt(first.secretBase32, at(30));
      expect(await confirmTotpEnrolment(tx, platformKey, userId, old, at(30))).toBe(false);
      const fresh = totpCodeAt(second.secretBase32, at(30));
      expect(await confirmTotpEnrolment(tx, platformKey, userId, fresh, at(30))).toBe(true);
    });
    expect(await verify(userId, totpCodeAt(secret, at(60)), at(60))).toBe(false);
    expect(await verify(userId, totpCodeAt(second.secretBase32, at(60)), at(60))).toBe(true);
  });
});

describe('verifyTotp', () => {
  it('accepts the current code and refuses a wrong or malformed one', async () => {
    const { userId, secret } = await enrolled();
    const right = totpCodeAt(secret, T);
    expect(await verify(userId, String((Number(right) + 1) % 1_000_000).padStart(6, '0'), T)).toBe(
      false,
    );
    expect(await verify(userId, 'abcdef', T)).toBe(false);
    expect(await verify(userId, `${right}0`, T)).toBe(false);
    expect(await verify(userId, `${right.slice(0, 3)} ${right.slice(3)}`, T)).toBe(true);
  });

  it('accepts a code from the previous or next step, and refuses one two steps away', async () => {
    const { userId, secret } = await enrolled();
    expect(await verify(userId, totpCodeAt(secret, at(-60)), T)).toBe(false);
    expect(await verify(userId, totpCodeAt(secret, at(60)), T)).toBe(false);
    expect(await verify(userId, totpCodeAt(secret, at(-30)), T)).toBe(true);
    expect(await verify(userId, totpCodeAt(secret, at(30)), T)).toBe(true);
  });

  it('refuses the same code twice, and a code from an earlier step than the last used', async () => {
    const { userId, secret } = await enrolled();
    const code = totpCodeAt(secret, T);
    expect(await verify(userId, code, T)).toBe(true);
    expect(await verify(userId, code, T)).toBe(false);
    // Still inside the window 30 s later, but already used.
    expect(await verify(userId, code, at(30))).toBe(false);
    expect(await verify(userId, totpCodeAt(secret, at(-30)), at(30))).toBe(false);
    expect(await verify(userId, totpCodeAt(secret, at(30)), at(30))).toBe(true);
  });

  it('accepts a code once when two requests race with it', async () => {
    const { userId, secret } = await enrolled();
    const code = totpCodeAt(secret, T);
    const results = await Promise.all([verify(userId, code, T), verify(userId, code, T)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('is false for a user without TOTP, and after removeTotp', async () => {
    const stranger = await newUser();
    expect(await verify(stranger, '123456', T)).toBe(false);
    const { userId, secret } = await enrolled();
    expect(await systemTransaction(db, (tx) => removeTotp(tx, userId))).toBe(true);
    expect(await verify(userId, totpCodeAt(secret, T), T)).toBe(false);
    expect(await systemTransaction(db, (tx) => removeTotp(tx, userId))).toBe(false);
  });
});

describe('TOTP secret at rest', () => {
  it('is not readable in the stored bytes', async () => {
    const { userId, secret } = await enrolled();
    const row = await db.unsafeKysely
      .selectFrom('mfa_totp')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    const stored = Buffer.concat([
      Buffer.from(row.secret_sealed),
      Buffer.from(JSON.stringify({ ...row, secret_sealed: undefined })),
    ]);
    expect(stored.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    expect(stored.includes(Buffer.from(secret.toLowerCase(), 'utf8'))).toBe(false);
    expect(stored.includes(Buffer.from(Secret.fromBase32(secret).bytes))).toBe(false);
  });

  it('does not open when copied onto another account', async () => {
    const { userId, secret } = await enrolled();
    const other = await newUser();
    await db.unsafeKysely
      .insertInto('mfa_totp')
      .columns(['user_id', 'state', 'secret_sealed'])
      .expression((eb) =>
        eb
          .selectFrom('mfa_totp')
          .select([eb.val(other).as('user_id'), 'state', 'secret_sealed'])
          .where('user_id', '=', userId),
      )
      .execute();
    await expect(verify(other, totpCodeAt(secret, T), T)).rejects.toBeInstanceOf(DecryptionError);
  });
});
