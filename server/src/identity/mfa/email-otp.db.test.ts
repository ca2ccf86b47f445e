import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import { openTestDatabase } from '../../../test/test-database.js';
import { systemCreateStaffAccount } from '../staff-accounts.js';
import { issueEmailCode, verifyEmailCode } from './index.js';

let db: HavenDatabase;
const platformKey = randomBytes(32);
const T = new Date('2030-01-01T12:00:00Z');
const at = (minutes: number) => new Date(T.getTime() + minutes * 60 * 1000);

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

const issue = (userId: string, now = T) =>
  systemTransaction(db, (tx) => issueEmailCode(tx, userId, now));
const verify = (userId: string, code: string, now = T) =>
  systemTransaction(db, (tx) => verifyEmailCode(tx, userId, code, now));
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('e-mailed codes', () => {
  it('works once', async () => {
    const userId = await newUser();
    const code = await issue(userId);
    expect(code).toMatch(/^\d{6}$/);
    expect(await verify(userId, wrong(code))).toBe(false);
    expect(await verify(userId, code, at(9))).toBe(true);
    expect(await verify(userId, code, at(9))).toBe(false);
  });

  it('fails once expired', async () => {
    const userId = await newUser();
    const code = await issue(userId);
    expect(await verify(userId, code, at(10))).toBe(false);
  });

  it('locks after five attempts: the sixth fails even with the right code', async () => {
    const userId = await newUser();
    const code = await issue(userId);
    for (let i = 0; i < 5; i++) expect(await verify(userId, wrong(code))).toBe(false);
    expect(await verify(userId, code)).toBe(false);
  });

  it('counts the right code on the fifth attempt', async () => {
    const userId = await newUser();
    const code = await issue(userId);
    for (let i = 0; i < 4; i++) expect(await verify(userId, 'nonsense')).toBe(false);
    expect(await verify(userId, code)).toBe(true);
  });

  it('a new code replaces the old one', async () => {
    const userId = await newUser();
    let old = await issue(userId);
    let fresh = await issue(userId, at(1));
    // One chance in a million that the two are equal; draw again rather than flake.
    while (fresh === old) [old, fresh] = [fresh, await issue(userId, at(1))];
    expect(await verify(userId, old, at(1))).toBe(false);
    expect(await verify(userId, fresh, at(1))).toBe(true);
  });

  it('is false for a user with no code, or for another user', async () => {
    const userId = await newUser();
    const other = await newUser();
    const code = await issue(userId);
    expect(await verify(other, code)).toBe(false);
    expect(await verify(userId, code)).toBe(true);
  });

  it('rate-limits the sixth code in an hour', async () => {
    const userId = await newUser();
    let last = '';
    for (let i = 0; i < 5; i++) last = await issue(userId, at(i * 5));
    await expect(issue(userId, at(25))).rejects.toMatchObject({
      name: 'AppError',
      code: 'rate_limited',
      status: 429,
    });
    // The refused request replaced nothing: the last code still works.
    expect(await verify(userId, last, at(25))).toBe(true);
    // An hour after the first code, one slot is free again, and only one.
    const code = await issue(userId, at(60));
    expect(await verify(userId, code, at(60))).toBe(true);
    await expect(issue(userId, at(61))).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('stores the code only hashed', async () => {
    const userId = await newUser();
    const code = await issue(userId);
    const row = await db.unsafeKysely
      .selectFrom('mfa_email_code')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    const bytes = Buffer.concat([Buffer.from(row.salt), Buffer.from(row.code_hash)]);
    expect(bytes.includes(Buffer.from(code))).toBe(false);
    expect(JSON.stringify({ ...row, salt: null, code_hash: null })).not.toContain(code);
  });
});
