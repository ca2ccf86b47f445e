/**
 * The circumstances of an access (AccessContext), gathered in the same tenant transaction as
 * the data: care relationship, break-the-glass grant, consents and granted restrictions. Only
 * what the actor's kind needs is read: patients and proxies are decided on their own record and
 * proxy scope, so their calls cost no extra queries.
 */
import type { AccessContext, Actor } from '../access/index.js';
import { activeBreakGlass } from '../break-glass/break-glass-grants.js';
import { hasCareRelationship } from '../care/care-relationships.js';
import { readConsentFacts } from '../consents/consent-facts.js';
import type { Tx } from '../db/transactions.js';
import type { RecordKeys } from '../records/record-keys.js';

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
    context.careRelationship = await hasCareRelationship(
      tx,
      tenantId,
      actor.userId,
      patientId,
      now,
    );
    if (!context.careRelationship) {
      const grant = await activeBreakGlass(tx, tenantId, actor.userId, patientId, now);
      if (grant) context.breakGlass = grant;
    }
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
