import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import { openTestDatabase } from '../../../test/test-database.js';
import { systemCreateStaffAccount } from '../staff-accounts.js';
import { consumeRecoveryCode, generateRecoveryCodes, remainingRecoveryCodes } from './index.js';

let db: HavenDatabase;
const platformKey = randomBytes(32);

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

const generate = (userId: string) =>
  systemTransaction(db, (tx) => generateRecoveryCodes(tx, userId));
const consume = (userId: string, code: string) =>
  systemTransaction(db, (tx) => consumeRecoveryCode(tx, userId, code));
const remaining = (userId: string) =>
  systemTransaction(db, (tx) => remainingRecoveryCodes(tx, userId));

describe('recovery codes', () => {
  it('gives ten distinct codes of at least 50 bits in an unambiguous alphabet', async () => {
    const codes = await generate(await newUser());
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
      expect(code.replace(/-/g, '').length * 5).toBeGreaterThanOrEqual(50);
    }
  });

  it('each code works once; a used or unknown code fails', async () => {
    const userId = await newUser();
    const codes = await generate(userId);
    expect(await remaining(userId)).toBe(10);
    for (const [i, code] of codes.entries()) {
      expect(await consume(userId, code)).toBe(true);
      expect(await consume(userId, code)).toBe(false);
      expect(await remaining(userId)).toBe(9 - i);
    }
    expect(await consume(userId, 'abcd-efgh-jkmn')).toBe(false);
    expect(await consume(userId, '')).toBe(false);
  });

  it('accepts a code typed in capitals, without hyphens or with look-alike letters', async () => {
    const userId = await newUser();
    const [first, second, third] = await generate(userId);
    expect(await consume(userId, first!.toUpperCase())).toBe(true);
    expect(await consume(userId, ` ${second!.replace(/-/g, '')} `)).toBe(true);
    const lookalike = third!.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(await consume(userId, lookalike)).toBe(true);
  });

  it("regenerating invalidates the old codes; one user's code does not work for another", async () => {
    const userId = await newUser();
    const old = await generate(userId);
    const fresh = await generate(userId);
    expect(await remaining(userId)).toBe(10);
    for (const code of old) expect(await consume(userId, code)).toBe(false);
    const other = await newUser();
    await generate(other);
    expect(await consume(other, fresh[0]!)).toBe(false);
    expect(await consume(userId, fresh[0]!)).toBe(true);
  });

  it('accepts a code once when two requests race with it', async () => {
    const userId = await newUser();
    const [code] = await generate(userId);
    const results = await Promise.all([consume(userId, code!), consume(userId, code!)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('stores no code in clear', async () => {
    const userId = await newUser();
    const codes = await generate(userId);
    const rows = await db.unsafeKysely
      .selectFrom('mfa_recovery_code')
      .selectAll()
      .where('user_id', '=', userId)
      .execute();
    const bytes = Buffer.concat(
      rows.flatMap((row) => [Buffer.from(row.salt), Buffer.from(row.code_hash)]),
    );
    for (const code of codes) {
      expect(bytes.includes(Buffer.from(code))).toBe(false);
      expect(bytes.includes(Buffer.from(code.replace(/-/g, '')))).toBe(false);
    }
  });
});
