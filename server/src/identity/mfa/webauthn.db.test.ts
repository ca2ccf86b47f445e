import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { openTestDatabase } from '../../../test/test-database.js';
import { SoftAuthenticator } from '../../../test/soft-authenticator.js';
import { systemCreateStaffAccount } from '../staff-accounts.js';
import {
  authenticationOptions,
  listPasskeys,
  registrationOptions,
  removePasskey,
  verifyAuthentication,
  verifyRegistration,
  type RelyingParty,
} from './index.js';

let db: HavenDatabase;
const platformKey = randomBytes(32);
const rp: RelyingParty = { rpId: 'haven.test', rpName: 'Haven', origin: 'https://haven.test' };
const origin = rp.origin;

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

const user = (id: string) => ({ id, name: `${id}@example.test`, displayName: 'Test User' });
const regOptions = (userId: string) =>
  systemTransaction(db, (tx) => registrationOptions(tx, user(userId), rp));
const authOptions = (userId: string, now?: Date) =>
  systemTransaction(db, (tx) => authenticationOptions(tx, userId, rp, now));

async function register(userId: string, device = new SoftAuthenticator()) {
  const response = device.register(await regOptions(userId), { origin });
  const passkey = await systemTransaction(db, (tx) =>
    verifyRegistration(tx, userId, response, rp, { name: 'Laptop' }),
  );
  return { device, passkey };
}

const authenticate = (userId: string, response: Parameters<typeof verifyAuthentication>[2]) =>
  systemTransaction(db, (tx) => verifyAuthentication(tx, userId, response, rp));

describe('passkey registration', () => {
  it('registers a credential and then signs in with it', async () => {
    const userId = await newUser();
    const options = await regOptions(userId);
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection?.userVerification).toBe('preferred');
    expect(options.rp).toEqual({ id: 'haven.test', name: 'Haven' });
    const device = new SoftAuthenticator();
    const response = device.register(options, { origin });
    const passkey = await systemTransaction(db, (tx) =>
      verifyRegistration(tx, userId, response, rp, { name: '  Work laptop ' }),
    );
    expect(passkey).toMatchObject({ name: 'Work laptop', deviceType: 'singleDevice' });
    const stored = await db.unsafeKysely
      .selectFrom('mfa_passkey')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(stored.credential_id).toBe(device.credentialId);
    expect(stored.transports).toEqual(['internal', 'hybrid']);

    const assertion = device.authenticate(await authOptions(userId), { origin });
    expect(await authenticate(userId, assertion)).toBe(true);
    const [listed] = await systemTransaction(db, (tx) => listPasskeys(tx, userId));
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    const after = await db.unsafeKysely
      .selectFrom('mfa_passkey')
      .select('counter')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(Number(after.counter)).toBe(1);
  });

  it('records a synced passkey as multi-device and backed up', async () => {
    const userId = await newUser();
    const { passkey } = await register(userId, new SoftAuthenticator({ backedUp: true }));
    expect(passkey).toMatchObject({ deviceType: 'multiDevice', backedUp: true });
  });

  it('fails for a wrong origin or RP id, and for a challenge used before', async () => {
    const userId = await newUser();
    const device = new SoftAuthenticator();
    const verify = (response: ReturnType<SoftAuthenticator['register']>) =>
      systemTransaction(db, (tx) => verifyRegistration(tx, userId, response, rp, { name: 'Key' }));
    const wrongOrigin = device.register(await regOptions(userId), { origin: 'https://evil.test' });
    expect(await verify(wrongOrigin)).toBeNull();
    const wrongRp = device.register(await regOptions(userId), { origin, rpId: 'evil.test' });
    expect(await verify(wrongRp)).toBeNull();
    const good = device.register(await regOptions(userId), { origin });
    expect(await verify(good)).not.toBeNull();
    expect(await verify(good)).toBeNull();
    expect(await systemTransaction(db, (tx) => listPasskeys(tx, userId))).toHaveLength(1);
  });

  it('excludes credentials the user already has', async () => {
    const userId = await newUser();
    const { device } = await register(userId);
    const options = await regOptions(userId);
    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([device.credentialId]);
    expect(() => device.register(options, { origin })).toThrow(/InvalidStateError/);
  });

  it('refuses a credential already registered to another account', async () => {
    const { device } = await register(await newUser());
    const other = await newUser();
    const response = device.register(await regOptions(other), { origin });
    await expect(
      systemTransaction(db, (tx) => verifyRegistration(tx, other, response, rp, { name: 'Key' })),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('refuses an empty or overlong name', async () => {
    const userId = await newUser();
    const response = new SoftAuthenticator().register(await regOptions(userId), { origin });
    for (const name of [' ', 'x'.repeat(65)]) {
      await expect(
        systemTransaction(db, (tx) => verifyRegistration(tx, userId, response, rp, { name })),
      ).rejects.toBeInstanceOf(AppError);
    }
  });
});

describe('passkey authentication', () => {
  it('fails for a wrong origin or RP id', async () => {
    const userId = await newUser();
    const { device } = await register(userId);
    const wrongOrigin = device.authenticate(await authOptions(userId), {
      origin: 'https://evil.test',
    });
    expect(await authenticate(userId, wrongOrigin)).toBe(false);
    const wrongRp = device.authenticate(await authOptions(userId), { origin, rpId: 'evil.test' });
    expect(await authenticate(userId, wrongRp)).toBe(false);
  });

  it('fails for a replayed challenge and for an expired one', async () => {
    const userId = await newUser();
    const { device } = await register(userId);
    const options = await authOptions(userId);
    const first = device.authenticate(options, { origin });
    expect(await authenticate(userId, first)).toBe(true);
    expect(await authenticate(userId, first)).toBe(false);
    // The same challenge signed afresh (a higher counter) is still spent.
    expect(await authenticate(userId, device.authenticate(options, { origin }))).toBe(false);

    const issued = new Date();
    const late = device.authenticate(await authOptions(userId, issued), { origin });
    const sixMinutesLater = new Date(issued.getTime() + 6 * 60 * 1000);
    expect(
      await systemTransaction(db, (tx) =>
        verifyAuthentication(tx, userId, late, rp, sixMinutesLater),
      ),
    ).toBe(false);
  });

  it('fails for a signature from another key', async () => {
    const userId = await newUser();
    const { device } = await register(userId);
    const forged = device.authenticate(await authOptions(userId), {
      origin,
      signWith: new SoftAuthenticator(),
    });
    expect(await authenticate(userId, forged)).toBe(false);
  });

  it('fails for a counter that goes backwards or stands still, and allows one that stays zero', async () => {
    const userId = await newUser();
    const { device } = await register(userId);
    expect(
      await authenticate(
        userId,
        device.authenticate(await authOptions(userId), { origin, counter: 10 }),
      ),
    ).toBe(true);
    expect(
      await authenticate(
        userId,
        device.authenticate(await authOptions(userId), { origin, counter: 5 }),
      ),
    ).toBe(false);
    expect(
      await authenticate(
        userId,
        device.authenticate(await authOptions(userId), { origin, counter: 10 }),
      ),
    ).toBe(false);
    expect(
      await authenticate(
        userId,
        device.authenticate(await authOptions(userId), { origin, counter: 11 }),
      ),
    ).toBe(true);

    const synced = await newUser();
    const { device: passkey } = await register(
      synced,
      new SoftAuthenticator({ countsSignatures: false }),
    );
    for (let i = 0; i < 2; i++) {
      expect(
        await authenticate(synced, passkey.authenticate(await authOptions(synced), { origin })),
      ).toBe(true);
    }
  });

  it("fails with another user's credential, and after the passkey is removed", async () => {
    const owner = await newUser();
    const { device, passkey } = await register(owner);
    const intruder = await newUser();
    await register(intruder);
    expect(
      await authenticate(intruder, device.authenticate(await authOptions(intruder), { origin })),
    ).toBe(false);

    expect(await systemTransaction(db, (tx) => removePasskey(tx, intruder, passkey!.id))).toBe(
      false,
    );
    expect(await systemTransaction(db, (tx) => removePasskey(tx, owner, 'not-a-uuid'))).toBe(false);
    expect(await systemTransaction(db, (tx) => removePasskey(tx, owner, passkey!.id))).toBe(true);
    const options = await authOptions(owner);
    expect(options.allowCredentials).toEqual([]);
    expect(await authenticate(owner, device.authenticate(options, { origin }))).toBe(false);
  });
});
