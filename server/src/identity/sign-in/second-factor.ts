/**
 * The second step of signing in (SEC-3): a TOTP code, a passkey, a recovery code, or (for
 * patients who chose it) a code sent by email. Passing it gives the session a new token (a
 * privilege change), and a sign-in from a device the account never used sends an alert.
 * Five wrong codes end the half-signed-in session: the person starts again with the password.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { systemTransaction, type Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import type { Account } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import {
  consumeRecoveryCode,
  hasStrongMfa,
  verifyAuthentication,
  verifyEmailCode,
  verifyTotp,
  type RelyingParty,
} from '../mfa/index.js';
import {
  endSession,
  rotateSession,
  type Session,
  type SessionSecrets,
} from '../sessions/session-store.js';
import { hit } from './rate-limit.js';
import { auditSecurityEvent } from '../security-audit.js';
import { deriveCsrfKey } from '../sessions/tokens.js';
import { recordSignInEvent, type ClientInfo } from './sign-in-events.js';
import { rememberDevice, summariseBrowser } from './devices.js';

export type SecondFactor =
  | { method: 'totp'; code: string }
  | { method: 'recovery_code'; code: string }
  | { method: 'email_code'; code: string }
  | { method: 'passkey'; response: AuthenticationResponseJSON };

const MAX_FAILURES = 5;

/** Whether the password alone is not enough for this account. */
export async function mfaRequiredAtSignIn(tx: Tx, account: Account): Promise<boolean> {
  return account.mfaEmailEnabled || (await hasStrongMfa(tx, account.id));
}

async function factorIsValid(
  tx: Tx,
  key: Buffer,
  userId: string,
  factor: SecondFactor,
  rp: RelyingParty,
  now: Date,
): Promise<boolean> {
  switch (factor.method) {
    case 'totp':
      return verifyTotp(tx, key, userId, factor.code, now);
    case 'recovery_code':
      return consumeRecoveryCode(tx, userId, factor.code);
    case 'email_code':
      return verifyEmailCode(tx, userId, factor.code, now);
    case 'passkey':
      return verifyAuthentication(tx, userId, factor.response, rp);
  }
}

export interface SignedIn {
  secrets: SessionSecrets;
  newDevice: boolean;
}

export async function completeSecondFactor(
  deps: IdentityDeps,
  session: Session,
  factor: SecondFactor,
  client: ClientInfo,
  rp: RelyingParty,
): Promise<SignedIn> {
  if (session.stage !== 'mfa') throw new AppError('conflict', 'This session is already signed in.');
  const key = await platformKey(deps);
  const now = deps.now();
  const outcome = await systemTransaction(deps.db, async (tx) => {
    const emailIndex = await emailIndexOf(tx, session.userId);
    const event = { userId: session.userId, emailIndex, client, now };
    let valid = false;
    try {
      valid = await factorIsValid(tx, key, session.userId, factor, rp, now);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
    }
    if (!valid) {
      await recordSignInEvent(tx, { ...event, outcome: 'mfa_failed' });
      await auditSecurityEvent(tx, {
        userId: session.userId,
        action: 'sign_in_failed',
        outcome: 'failure',
        reason: 'mfa_failed',
        sourceAddress: client.ip,
      });
      const failures = await hit(
        tx,
        { key: `mfa:session:${session.id}`, limit: MAX_FAILURES, windowSeconds: 3600 },
        now,
      );
      if (failures >= MAX_FAILURES) {
        await endSession(tx, session.id, 'mfa_failures', now);
        return { refused: new AppError('unauthenticated', 'Too many wrong codes. Sign in again.') };
      }
      return { refused: new AppError('unauthenticated', 'That code is not right.') };
    }
    await recordSignInEvent(tx, { ...event, outcome: 'mfa_passed' });
    const secrets = await rotateSession(tx, deriveCsrfKey(key), session.id, {
      stage: 'active',
      mfaMethod: factor.method,
      now,
    });
    const newDevice = await finishSignIn(
      tx,
      session.userId,
      emailIndex,
      client,
      now,
      factor.method,
    );
    return { signedIn: { secrets, newDevice } };
  });
  if (outcome.refused) throw outcome.refused;
  return outcome.signedIn;
}

/** Records the completed sign-in; returns true when it came from a new device (alert). */
export async function finishSignIn(
  tx: Tx,
  userId: string,
  emailIndex: string,
  client: ClientInfo,
  now: Date,
  method: string,
): Promise<boolean> {
  await recordSignInEvent(tx, { userId, emailIndex, outcome: 'success', client, now });
  await auditSecurityEvent(tx, {
    userId,
    action: 'sign_in',
    outcome: 'success',
    reason: method,
    sourceAddress: client.ip,
  });
  if (!client.deviceId) return false;
  const known = await tx
    .selectFrom('known_device')
    .select('device_hash')
    .where('user_id', '=', userId)
    .limit(1)
    .execute();
  const isNew = await rememberDevice(
    tx,
    userId,
    client.deviceId,
    summariseBrowser(client.userAgent),
    now,
  );
  // The first device an account ever uses is not news to its owner.
  return isNew && known.length > 0;
}

async function emailIndexOf(tx: Tx, userId: string): Promise<string> {
  const row = await tx
    .selectFrom('app_user')
    .select('email_index')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.email_index;
}
