/** The emails signing in sends: a new-device alert, and the one-time code for email MFA. */
import { UAParser } from 'ua-parser-js';
import { systemTransaction } from '../../db/transactions.js';
import { newDeviceSignInEmail, signInCodeEmail } from '../../email/templates.js';
import { queueEmail } from '../../notifications/email-queue.js';
import { accountContact, findAccountById } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import { issueEmailCode } from '../mfa/index.js';

export const EMAIL_CODE_MINUTES = 10;

export async function queueNewDeviceAlert(
  deps: IdentityDeps,
  userId: string,
  userAgent: string | undefined,
): Promise<void> {
  const key = await platformKey(deps);
  const now = deps.now();
  const parsed = new UAParser((userAgent ?? '').slice(0, 512)).getResult();
  await systemTransaction(deps.db, async (tx) => {
    const account = await findAccountById(tx, userId);
    const contact = await accountContact(tx, key, userId);
    const message = newDeviceSignInEmail({
      to: contact.email,
      locale: account?.locale ?? 'en',
      signedInAt: now,
      browser:
        [parsed.browser.name, parsed.browser.major].filter(Boolean).join(' ') || 'Unknown browser',
      os: parsed.os.name ?? 'unknown system',
      resetPasswordUrl: `${deps.publicUrl}/reset-password`,
    });
    await queueEmail(tx, key, message, now);
  });
}

/** Issues a one-time sign-in code and queues it to the account's email. */
export async function sendEmailSignInCode(deps: IdentityDeps, userId: string): Promise<void> {
  const key = await platformKey(deps);
  const now = deps.now();
  await systemTransaction(deps.db, async (tx) => {
    const code = await issueEmailCode(tx, userId, now);
    const account = await findAccountById(tx, userId);
    const contact = await accountContact(tx, key, userId);
    const message = signInCodeEmail({
      to: contact.email,
      locale: account?.locale ?? 'en',
      code,
      expiresInMinutes: EMAIL_CODE_MINUTES,
    });
    await queueEmail(tx, key, message, now);
  });
}
