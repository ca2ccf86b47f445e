import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import { openTestDatabase } from '../../../test/test-database.js';
import { SoftAuthenticator } from '../../../test/soft-authenticator.js';
import { systemCreateStaffAccount } from '../staff-accounts.js';
import {
  confirmTotpEnrolment,
  generateRecoveryCodes,
  hasStrongMfa,
  issueEmailCode,
  mfaMethods,
  registrationOptions,
  removePasskey,
  removeTotp,
  startTotpEnrolment,
  totpCodeAt,
  verifyRegistration,
} from './index.js';

let db: HavenDatabase;
const platformKey = randomBytes(32);
const rp = { rpId: 'haven.test', rpName: 'Haven', origin: 'https://haven.test' };

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

describe('MFA status', () => {
  it('reports each method, and counts only TOTP and passkeys as strong', async () => {
    const userId = await newUser();
    await systemTransaction(db, async (tx) => {
      expect(await mfaMethods(tx, userId)).toEqual({
        totp: false,
        passkeys: 0,
        recoveryCodesLeft: 0,
        emailOtp: true,
      });
      await generateRecoveryCodes(tx, userId);
      await issueEmailCode(tx, userId, new Date());
      // A pending (unconfirmed) TOTP is not a factor yet.
      await startTotpEnrolment(tx, platformKey, userId, { issuer: 'Haven', accountLabel: 'a' });
      expect(await mfaMethods(tx, userId)).toMatchObject({ totp: false, recoveryCodesLeft: 10 });
      expect(await hasStrongMfa(tx, userId)).toBe(false);
    });
  });

  it('is strong with a confirmed TOTP', async () => {
    const userId = await newUser();
    await systemTransaction(db, async (tx) => {
      const now = new Date();
      const label = { issuer: 'Haven', accountLabel: 'a' };
      const { secretBase32 } = await startTotpEnrolment(tx, platformKey, userId, label);
      await confirmTotpEnrolment(tx, platformKey, userId, totpCodeAt(secretBase32, now), now);
      expect(await mfaMethods(tx, userId)).toMatchObject({ totp: true, passkeys: 0 });
      expect(await hasStrongMfa(tx, userId)).toBe(true);
      await removeTotp(tx, userId);
      expect(await hasStrongMfa(tx, userId)).toBe(false);
    });
  });

  it('is strong with a passkey', async () => {
    const userId = await newUser();
    await systemTransaction(db, async (tx) => {
      const user = { id: userId, name: 'a', displayName: 'A' };
      const options = await registrationOptions(tx, user, rp);
      const response = new SoftAuthenticator().register(options, { origin: rp.origin });
      const passkey = await verifyRegistration(tx, userId, response, rp, { name: 'Key' });
      expect(await mfaMethods(tx, userId)).toMatchObject({ totp: false, passkeys: 1 });
      expect(await hasStrongMfa(tx, userId)).toBe(true);
      await removePasskey(tx, userId, passkey!.id);
      expect(await hasStrongMfa(tx, userId)).toBe(false);
    });
  });
});
