/**
 * Changing and resetting passwords (SEC-4). A reset is requested by email address and always
 * answered the same way, after the same minimum time, whether or not an account exists. The
 * link carries a single-use token valid for 30 minutes, stored only as its hash, in the URL
 * fragment (which browsers never send to a server or a Referer). Using it ends every session.
 */
import { systemTransaction } from '../../db/transactions.js';
import { passwordResetEmail } from '../../email/templates.js';
import { AppError } from '../../errors/app-error.js';
import { queueEmail } from '../../notifications/email-queue.js';
import {
  accountContact,
  findAccountByEmail,
  findAccountById,
  setPasswordHash,
} from '../accounts/accounts.js';
import { emailIndex } from '../account-sealing.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import { hashPassword, verifyPassword } from '../password-hashing.js';
import { checkNewPassword } from '../password-policy.js';
import { endUserSessions } from '../sessions/session-store.js';
import { hashToken, newSecretToken } from '../sessions/tokens.js';
import { hit } from '../sign-in/rate-limit.js';
import { auditSecurityEvent } from '../security-audit.js';

export const RESET_TOKEN_MINUTES = 30;
const RESET_ANSWER_FLOOR_MS = 250;
const INVALID_RESET = 'This reset link is not valid any more. Ask for a new one.';

async function atLeast<T>(ms: number, work: Promise<T>): Promise<T> {
  const [result] = await Promise.all([work, new Promise((resolve) => setTimeout(resolve, ms))]);
  return result;
}

/** Refuses a new password that breaks the policy, naming each problem. */
export function assertAcceptablePassword(
  password: string,
  context: { email?: string; names?: string[] },
): void {
  const verdict = checkNewPassword(password, context);
  if (!verdict.ok) {
    throw new AppError(
      'validation_failed',
      'Choose a different password.',
      verdict.problems.map((problem) => ({ location: 'password', message: problem.message })),
    );
  }
}

export async function requestPasswordReset(
  deps: IdentityDeps,
  email: string,
  ip: string | undefined,
): Promise<void> {
  await atLeast(RESET_ANSWER_FLOOR_MS, queueResetIfAccount(deps, email, ip));
}

async function queueResetIfAccount(
  deps: IdentityDeps,
  email: string,
  ip: string | undefined,
): Promise<void> {
  const key = await platformKey(deps);
  const now = deps.now();
  await systemTransaction(deps.db, async (tx) => {
    const perIp = await hit(
      tx,
      { key: `reset:ip:${ip ?? 'unknown'}`, limit: 20, windowSeconds: 3600 },
      now,
    );
    const perAccount = await hit(
      tx,
      { key: `reset:account:${emailIndex(key, email)}`, limit: 5, windowSeconds: 3600 },
      now,
    );
    // Over a limit, quietly send nothing: an error here would tell who has an account.
    if (perIp > 20 || perAccount > 5) return;
    const account = await findAccountByEmail(tx, key, email);
    if (!account || account.status !== 'active') return;
    const token = newSecretToken();
    await tx
      .insertInto('password_reset_token')
      .values({
        token_hash: hashToken(token),
        user_id: account.id,
        created_at: now,
        expires_at: new Date(now.getTime() + RESET_TOKEN_MINUTES * 60_000),
      })
      .execute();
    const contact = await accountContact(tx, key, account.id);
    const message = passwordResetEmail({
      to: contact.email,
      locale: account.locale,
      resetUrl: `${deps.publicUrl}/reset-password#token=${token}`,
      expiresInMinutes: RESET_TOKEN_MINUTES,
    });
    await queueEmail(tx, key, message, now);
  });
}

export async function completePasswordReset(
  deps: IdentityDeps,
  token: string,
  newPassword: string,
): Promise<void> {
  const key = await platformKey(deps);
  const now = deps.now();
  const tokenHash = hashToken(token);
  const holder = await systemTransaction(deps.db, async (tx) => {
    const row = await tx
      .selectFrom('password_reset_token')
      .select(['user_id', 'expires_at', 'used_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.used_at || row.expires_at <= now) return undefined;
    return { userId: row.user_id, email: (await accountContact(tx, key, row.user_id)).email };
  });
  if (!holder) throw new AppError('bad_request', INVALID_RESET);
  assertAcceptablePassword(newPassword, { email: holder.email });
  const passwordHash = await hashPassword(newPassword);
  await systemTransaction(deps.db, async (tx) => {
    // Consuming the token is the same statement that checks it is unused: two tabs racing with
    // one link cannot both succeed.
    const used = await tx
      .updateTable('password_reset_token')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!used) throw new AppError('bad_request', INVALID_RESET);
    await setPasswordHash(tx, used.user_id, passwordHash, now);
    await endUserSessions(tx, used.user_id, 'password_reset', now);
    await auditSecurityEvent(tx, {
      userId: used.user_id,
      action: 'password_change',
      outcome: 'success',
      reason: 'reset_link',
    });
  });
}

/** Changes the password of a signed-in person; their other sessions end. */
export async function changePassword(
  deps: IdentityDeps,
  session: { id: string; userId: string },
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const key = await platformKey(deps);
  const now = deps.now();
  const account = await systemTransaction(deps.db, async (tx) => {
    const found = await findAccountById(tx, session.userId);
    const contact = await accountContact(tx, key, session.userId);
    return found ? { ...found, email: contact.email } : undefined;
  });
  if (!account?.passwordHash || !(await verifyPassword(account.passwordHash, currentPassword))) {
    throw new AppError('validation_failed', 'Your current password is not right.', [
      { location: 'currentPassword', message: 'is not right' },
    ]);
  }
  assertAcceptablePassword(newPassword, { email: account.email });
  const passwordHash = await hashPassword(newPassword);
  await systemTransaction(deps.db, async (tx) => {
    await setPasswordHash(tx, session.userId, passwordHash, now);
    await endUserSessions(tx, session.userId, 'password_changed', now, session.id);
    await auditSecurityEvent(tx, {
      userId: session.userId,
      action: 'password_change',
      outcome: 'success',
      reason: 'changed_in_settings',
    });
  });
}
