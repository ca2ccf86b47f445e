/**
 * One-time codes sent by e-mail: the second factor for patients without a smartphone. Weaker
 * than TOTP or a passkey (the mailbox is often reached with the same password), so it never
 * counts as strong MFA for staff.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';

/** How long an e-mailed code is valid. */
export const EMAIL_CODE_TTL_MS = 10 * 60 * 1000;
/** Verification attempts per code, right or wrong; after that the code is dead. */
export const EMAIL_CODE_MAX_ATTEMPTS = 5;
/** Codes issued per user within {@link EMAIL_CODE_ISSUE_WINDOW_MS}. */
export const EMAIL_CODE_MAX_ISSUED = 5;
/** The window of the issue limit. */
export const EMAIL_CODE_ISSUE_WINDOW_MS = 60 * 60 * 1000;

const SALT_BYTES = 16;

/**
 * A million codes cannot be protected by any hash against someone holding the table, so the
 * real protections are the ten-minute life and five attempts. The keyed hash still keeps a
 * live code out of a casual read of the table, a log of a query or a backup.
 */
function hashCode(salt: Buffer, userId: string, code: string): Buffer {
  return createHmac('sha256', salt).update(`${userId}\0${code}`, 'utf8').digest();
}

/**
 * Issues a new 6-digit code for `userId`, replacing any earlier one, and returns it for the
 * mailer (it is stored only hashed).
 *
 * @throws {AppError} `rate_limited` when {@link EMAIL_CODE_MAX_ISSUED} codes were already issued
 *   in the last hour: each code is an e-mail sent, and each gives five more guesses.
 */
export async function issueEmailCode(tx: Tx, userId: string, now: Date): Promise<string> {
  // Serialises issuing per user, so concurrent requests cannot all pass the count below. NO KEY
  // UPDATE does not block the foreign-key checks of inserts that reference the account.
  await tx
    .selectFrom('app_user')
    .select('id')
    .where('id', '=', userId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  const windowStart = new Date(now.getTime() - EMAIL_CODE_ISSUE_WINDOW_MS);
  await tx
    .deleteFrom('mfa_email_code_issue')
    .where('user_id', '=', userId)
    .where('issued_at', '<=', windowStart)
    .execute();
  const recent = await tx
    .selectFrom('mfa_email_code_issue')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= EMAIL_CODE_MAX_ISSUED) {
    throw new AppError('rate_limited', 'Too many codes were sent; try again later.');
  }
  const code = String(randomInt(1_000_000)).padStart(6, '0');
  const salt = randomBytes(SALT_BYTES);
  const values = {
    salt,
    code_hash: hashCode(salt, userId, code),
    attempts: 0,
    expires_at: new Date(now.getTime() + EMAIL_CODE_TTL_MS),
    created_at: now,
  };
  await tx.insertInto('mfa_email_code_issue').values({ user_id: userId, issued_at: now }).execute();
  await tx
    .insertInto('mfa_email_code')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
  return code;
}

/**
 * Checks `code` against the user's active code. True at most once per code; false when there is
 * no code, it has expired, its attempts are used up, or it is wrong. Each call takes one attempt
 * by a conditional update, so concurrent guesses cannot exceed the limit. A wrong answer is
 * recorded in the caller's transaction: commit it even when sign-in fails.
 */
export async function verifyEmailCode(
  tx: Tx,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const attempt = await tx
    .updateTable('mfa_email_code')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('user_id', '=', userId)
    .where('attempts', '<', EMAIL_CODE_MAX_ATTEMPTS)
    .where('expires_at', '>', now)
    .returning(['salt', 'code_hash'])
    .executeTakeFirst();
  if (!attempt) return false;
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return false;
  const candidate = hashCode(Buffer.from(attempt.salt), userId, token);
  if (!timingSafeEqual(candidate, Buffer.from(attempt.code_hash))) return false;
  await tx.deleteFrom('mfa_email_code').where('user_id', '=', userId).execute();
  return true;
}
