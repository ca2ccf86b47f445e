/**
 * The circumstances of an access (AccessContext), gathered in the same tenant transaction as
 * the data: care relationship, break-the-glass grant, consents and granted restrictions. Only
 * what the actor's kind needs is read: patients and proxies are decided on their own record and
 * proxy scope, so their calls cost no extra queries; a staff member's context is one statement
 * (staff-context.ts).
 */
import type { AccessContext, Actor } from '../access/index.js';
import { readConsentFacts } from '../consents/consent-facts.js';
import type { Tx } from '../db/transactions.js';
import type { RecordKeys } from '../records/record-keys.js';
import { staffContext } from './staff-context.js';

/** The facts for `actor` about `patientId` (null: data about no one patient). */
export async function gatherAccessContext(
  tx: Tx,
  actor: Actor,
  tenantId: string,
  patientId: string | null,
  keys: RecordKeys,
  now: Date,
): Promise<AccessContext> {
  const context: AccessContext = { now, careRelationship: false, consents: [], restrictions: [] };
  if (patientId === null || actor.kind === 'patient' || actor.kind === 'proxy') return context;
  if (actor.kind === 'system' || actor.kind === 'researcher') return context;
  if (actor.kind === 'staff') {
    return staffContext(tx, keys, { tenantId, userId: actor.userId, patientId, now });
  }
  // Consents and restrictions live in the patient's sealed Consent resources: without the
  // patient's key there are none to read (and no record of theirs to reach either).
  if (keys.has(patientId)) {
    const facts = await readConsentFacts(tx, tenantId, keys, patientId);
    context.consents = facts.consents;
    context.restrictions = facts.restrictions;
  }
  return context;
}
