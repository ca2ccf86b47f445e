/**
 * Reading a patient's consents (SHARE-2, SHARE-8): whether one is in force right now. A revoked
 * consent stops access at once, whatever its period says.
 */
import type { ConsentFact } from './access-types.js';

/** Where the patient's consents of one kind (and grantee) stand at `now`. */
export type ConsentStanding = 'active' | 'revoked' | 'none';

/** Whether `consent` is active and `now` lies within its period (start inclusive, end exclusive). */
export function consentInForce(consent: ConsentFact, now: Date): boolean {
  if (consent.status !== 'active') return false;
  const t = now.getTime();
  const start = consent.period?.start;
  const end = consent.period?.end;
  if (start !== undefined && t < start.getTime()) return false;
  if (end !== undefined && t >= end.getTime()) return false;
  return true;
}

/**
 * Whether any consent of `kind` (for `grantee`, when given) is in force at `now`: `active` if
 * one is, `revoked` if none is but one was revoked (so the refusal can say so), else `none`.
 * Used by the decision for external providers and by the de-identified research export.
 */
export function consentStanding(
  consents: readonly ConsentFact[],
  kind: ConsentFact['kind'],
  now: Date,
  grantee?: string,
): ConsentStanding {
  const matching = consents.filter(
    (c) => c.kind === kind && (grantee === undefined || c.grantee === grantee),
  );
  if (matching.some((c) => consentInForce(c, now))) return 'active';
  return matching.some((c) => c.status === 'revoked') ? 'revoked' : 'none';
}
