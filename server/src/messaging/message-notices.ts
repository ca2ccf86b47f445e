/**
 * When the care team answers, the people on the patient's side who may read the conversation
 * get an email saying only that there is a new message in Haven (USE-3, USE-5): never who wrote,
 * about what, or for whom, since email leaves our control and lock screens show it.
 *
 * Who: the patient's own active account, and any proxy who wrote in the conversation (or, for a
 * conversation the care team starts, any proxy at all) and may still read it now (a grant in
 * force with the messaging scope, not under the teen policy).
 * Everyone is checked again at the moment of the reply, so a revoked caregiver, or a guardian
 * whose child has turned 13, hears nothing.
 */
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction, type Tx } from '../db/transactions.js';
import type { OutgoingEmail } from '../email/mailer.js';
import { newActivityEmail } from '../email/templates.js';
import { accountContact, findAccountById } from '../identity/accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity/identity-deps.js';
import { resolveRecordAccess } from '../identity/proxy-routes/record-access.js';
import { queueEmail } from '../notifications/email-queue.js';

/** The notices of one reply, ready to queue in the reply's own transaction. */
export interface ReplyNotices {
  key: Buffer;
  emails: OutgoingEmail[];
}

/** Builds the notices before the reply's transaction opens (keys are not fetched inside one). */
export async function replyNotices(
  deps: IdentityDeps,
  tenantId: string,
  patientId: string,
  proxyWriterIds: readonly string[],
  options: { everyProxy?: boolean } = {},
): Promise<ReplyNotices> {
  const key = await platformKey(deps);
  const candidates = new Set([
    ...(await patientSide(deps.db, tenantId, patientId, options.everyProxy === true)),
    ...proxyWriterIds,
  ]);
  const readers: string[] = [];
  for (const userId of candidates) {
    const access = await resolveRecordAccess(deps, userId, { tenantId, patientId });
    const mayRead =
      access !== undefined &&
      (access.self ||
        (access.scopes.includes('messaging') && access.excludedCategories.length === 0));
    if (mayRead) readers.push(userId);
  }
  const signInUrl = `${deps.publicUrl}/sign-in`;
  const emails = await systemTransaction(deps.db, async (tx) => {
    const built: OutgoingEmail[] = [];
    for (const userId of readers) {
      const account = await findAccountById(tx, userId);
      if (account?.status !== 'active') continue;
      const { email } = await accountContact(tx, key, userId);
      built.push(
        newActivityEmail({ to: email, locale: account.locale, category: 'message', signInUrl }),
      );
    }
    return built;
  });
  return { key, emails };
}

/** Queues the notices inside the reply's transaction: they are sent only if it commits. */
export async function queueReplyNotices(tx: Tx, notices: ReplyNotices, now: Date): Promise<void> {
  for (const email of notices.emails) await queueEmail(tx, notices.key, email, now);
}

/**
 * The patient's own active accounts, and with `everyProxy` every proxy holding an unrevoked
 * grant (a conversation the care team starts concerns whoever may read it; each is checked
 * again by replyNotices).
 */
async function patientSide(
  db: HavenDatabase,
  tenantId: string,
  patientId: string,
  everyProxy: boolean,
): Promise<string[]> {
  return tenantTransaction(db, tenantId, async (tx) => {
    const own = await tx
      .selectFrom('patient_account')
      .select('user_id')
      .where('tenant_id', '=', tenantId)
      .where('patient_id', '=', patientId)
      .where('status', '=', 'active')
      .execute();
    const proxies = everyProxy
      ? await tx
          .selectFrom('proxy_grant')
          .select('proxy_user_id as user_id')
          .where('tenant_id', '=', tenantId)
          .where('patient_id', '=', patientId)
          .where('revoked_at', 'is', null)
          .execute()
      : [];
    return [...own, ...proxies].map((r) => r.user_id);
  });
}
