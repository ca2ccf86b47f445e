/**
 * Signing in with email and password (the first factor). Defences (SEC-5): rate limits per
 * address and per account, progressive lockout, and answers that never reveal whether an
 * account exists: an unknown email is checked against a dummy hash of the same cost, locks the
 * same way and gets the same words. Failed attempts are committed before the error is raised,
 * so a rollback can never erase them.
 */
import { randomUUID } from 'node:crypto';
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { emailIndex } from '../account-sealing.js';
import { findAccountByEmail } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import { hashPassword, verifyPassword } from '../password-hashing.js';
import { createSession, type SessionSecrets } from '../sessions/session-store.js';
import { deriveCsrfKey } from '../sessions/tokens.js';
import { clearFailures, lockedUntil, recordFailure } from './lockout.js';
import { enforce } from './rate-limit.js';
import { idleTimeoutSeconds } from './session-policy.js';
import { summariseBrowser } from './devices.js';
import { recordSignInEvent, type ClientInfo } from './sign-in-events.js';
import { auditSecurityEvent } from '../security-audit.js';
import { finishSignIn, mfaRequiredAtSignIn } from './second-factor.js';

export interface SignInResult {
  userId: string;
  secrets: SessionSecrets;
  /** 'mfa': the password was right; a second factor completes the sign-in. */
  stage: 'mfa' | 'active';
  /** Signed in from a device the account never used before: the owner gets an alert. */
  newDevice: boolean;
}

export const BAD_CREDENTIALS = 'The email or password is not right.';

let dummyHash: Promise<string> | undefined;
/** A real argon2id hash of nothing anyone knows, so unknown emails cost a full verification. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomUUID());
  return dummyHash;
}

/**
 * Whether the password opens the account. Always exactly one argon2id verification: with no
 * account (or no password set) it runs against a dummy hash, so the time taken does not tell
 * whether the account exists.
 */
export async function checkPassword(
  account: { passwordHash: string | null } | undefined,
  password: string,
): Promise<boolean> {
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
  return ok && Boolean(account?.passwordHash);
}

export async function signIn(
  deps: IdentityDeps,
  credentials: { email: string; password: string },
  client: ClientInfo,
): Promise<SignInResult> {
  const key = await platformKey(deps);
  const index = emailIndex(key, credentials.email);
  const now = deps.now();

  const gate = await systemTransaction(deps.db, async (tx) => {
    try {
      await enforce(
        tx,
        { key: `sign-in:ip:${client.ip ?? 'unknown'}`, limit: 50, windowSeconds: 900 },
        now,
      );
      await enforce(tx, { key: `sign-in:account:${index}`, limit: 20, windowSeconds: 900 }, now);
    } catch (error) {
      await recordSignInEvent(tx, {
        userId: null,
        emailIndex: index,
        outcome: 'rate_limited',
        client,
        now,
      });
      return { refused: error as AppError };
    }
    const until = await lockedUntil(tx, index, now);
    const account = await findAccountByEmail(tx, key, credentials.email);
    if (until) {
      await recordSignInEvent(tx, {
        userId: account?.id ?? null,
        emailIndex: index,
        outcome: 'locked',
        client,
        now,
      });
      if (account) {
        await auditSecurityEvent(tx, {
          userId: account.id,
          action: 'sign_in_failed',
          outcome: 'failure',
          reason: 'locked',
          sourceAddress: client.ip,
        });
      }
      return { refused: lockedError(until, now) };
    }
    return { account };
  });
  if (gate.refused) throw gate.refused;

  const account = gate.account?.status === 'active' ? gate.account : undefined;
  const passwordOk = await verifyPassword(
    account?.passwordHash ?? (await dummyPasswordHash()),
    credentials.password,
  );

  const outcome = await systemTransaction(deps.db, async (tx) => {
    if (!account || !passwordOk) {
      const lock = await recordFailure(tx, index, now);
      await recordSignInEvent(tx, {
        userId: account?.id ?? null,
        emailIndex: index,
        outcome: 'bad_credentials',
        client,
        now,
      });
      if (account) {
        await auditSecurityEvent(tx, {
          userId: account.id,
          action: 'sign_in_failed',
          outcome: 'failure',
          reason: 'bad_credentials',
          sourceAddress: client.ip,
        });
      }
      return {
        refused: lock ? lockedError(lock, now) : new AppError('unauthenticated', BAD_CREDENTIALS),
      };
    }
    await clearFailures(tx, index);
    const stage = (await mfaRequiredAtSignIn(tx, account)) ? 'mfa' : 'active';
    const secrets = await createSession(tx, deriveCsrfKey(key), {
      userId: account.id,
      stage,
      idleTimeoutSeconds: await idleTimeoutSeconds(tx, account.id),
      deviceId: client.deviceId,
      ip: client.ip,
      browser: summariseBrowser(client.userAgent) ?? undefined,
      now,
    });
    const newDevice =
      stage === 'active'
        ? await finishSignIn(tx, account.id, index, client, now, 'password')
        : false;
    return { result: { userId: account.id, secrets, stage, newDevice } satisfies SignInResult };
  });
  if (outcome.refused) throw outcome.refused;
  return outcome.result;
}

function lockedError(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'rate_limited',
    `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  );
}
