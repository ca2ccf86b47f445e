/**
 * Who hears about a new emergency access: every privacy officer of the practice, by email, in
 * their own language. The notice says only that a review waits (templates.ts): the officer
 * reads who, which patient and why in Haven, signed in and audited.
 */
import type { OutgoingEmail } from '../email/mailer.js';
import { breakGlassReviewEmail } from '../email/templates.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { accountContact, findAccountById } from '../identity/accounts/accounts.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { practiceStaff } from '../identity/staff/practice-staff.js';

/** Where the review queue lives in the console. */
export function reviewQueueUrl(publicUrl: string): string {
  return `${publicUrl}/console/break-glass`;
}

/**
 * The notices to queue for a new grant in `tenantId`, built before the grant's transaction:
 * accounts are platform data, read on the system path, and a transaction cannot open another.
 */
export async function privacyOfficerNotices(
  deps: IdentityDeps,
  tenantId: string,
  platformKey: Buffer,
): Promise<OutgoingEmail[]> {
  const staff = await tenantTransaction(deps.db, tenantId, (tx) => practiceStaff(tx, tenantId));
  const officers = [...staff]
    .filter(([, roles]) => roles.includes('privacy_officer'))
    .map(([userId]) => userId);
  if (officers.length === 0) return [];
  return systemTransaction(deps.db, async (tx) => {
    const notices: OutgoingEmail[] = [];
    for (const userId of officers) {
      const account = await findAccountById(tx, userId);
      // A closed account reads no mail; the queue in the console still shows the grant.
      if (!account || account.status !== 'active') continue;
      const contact = await accountContact(tx, platformKey, userId);
      notices.push(
        breakGlassReviewEmail({
          to: contact.email,
          locale: account.locale,
          reviewUrl: reviewQueueUrl(deps.publicUrl),
        }),
      );
    }
    return notices;
  });
}
