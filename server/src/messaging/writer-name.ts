/**
 * The name a message gives its writer when the writer is a Haven account (a member of the care
 * team, or a proxy writing for the patient): the name on that account, read when the message is
 * written, so the conversation keeps it as it was.
 */
import { systemTransaction } from '../db/transactions.js';
import { accountContact } from '../identity/accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity/identity-deps.js';

export async function writerName(deps: IdentityDeps, userId: string): Promise<string> {
  const key = await platformKey(deps);
  return systemTransaction(
    deps.db,
    async (tx) => (await accountContact(tx, key, userId)).displayName,
  );
}
