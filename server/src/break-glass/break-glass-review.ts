/**
 * The privacy officer's review of emergency accesses (ACC-5, ONC 170.315 (d)(6)): the queue,
 * with the clinician's explanation unsealed for the officer, and the verdict. Reading the queue
 * is itself audited, since it shows why patients' records were opened.
 */
import { appendInTransaction } from '../audit/index.js';
import { platformScope, tenantScope } from '../crypto/index.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import { accountContact } from '../identity/accounts/accounts.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { findGrant, grantsInState, recordReview } from './break-glass-grants.js';
import { openNote, openReason, sealNote } from './break-glass-sealing.js';
import type { BreakGlassReasonCode, ReviewState } from './break-glass-tables.js';

/** The longest queue page; a practice with more pending reviews works through them in order. */
export const QUEUE_LIMIT = 500;

/** Who asks, from where (for the audit entry). */
export interface Officer {
  tenantId: string;
  userId: string;
  sourceAddress: string;
  requestId: string;
}

/** One grant as the officer sees it. */
export interface QueueItem {
  id: string;
  userId: string;
  userName: string;
  patientId: string;
  grantedAt: Date;
  expiresAt: Date;
  reasonCode: BreakGlassReasonCode;
  reason: string;
  state: ReviewState;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

/** The practice's grants in `state`, oldest first, explanations unsealed; the read is audited. */
export async function reviewQueue(
  deps: IdentityDeps,
  officer: Officer,
  state: ReviewState,
): Promise<QueueItem[]> {
  const { tenantId } = officer;
  const tenantKey = await deps.keyring.dataKey(tenantScope(tenantId));
  const grants = await tenantTransaction(deps.db, tenantId, async (tx) => {
    const found = await grantsInState(tx, tenantId, state, QUEUE_LIMIT);
    await appendInTransaction(tx, [
      {
        tenantId,
        actorUserId: officer.userId,
        action: 'read',
        outcome: 'success',
        dataCategory: 'break_glass',
        sourceAddress: officer.sourceAddress,
        requestId: officer.requestId,
      },
    ]);
    return found;
  });
  const names = await displayNames(deps, [...new Set(grants.map((g) => g.userId))]);
  return grants.map((grant) => ({
    id: grant.id,
    userId: grant.userId,
    userName: names.get(grant.userId) ?? 'Unknown',
    patientId: grant.patientId,
    grantedAt: grant.grantedAt,
    expiresAt: grant.expiresAt,
    reasonCode: grant.reasonCode,
    reason: openReason(tenantKey, tenantId, grant.id, grant.reasonSealed),
    state: grant.reviewState,
    reviewedBy: grant.reviewedBy,
    reviewedAt: grant.reviewedAt,
    reviewNote: grant.reviewNoteSealed
      ? openNote(tenantKey, tenantId, grant.id, grant.reviewNoteSealed)
      : null,
  }));
}

async function displayNames(deps: IdentityDeps, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const key = await deps.keyring.dataKey(platformScope());
  return systemTransaction(deps.db, async (tx) => {
    const names = new Map<string, string>();
    for (const id of userIds) names.set(id, (await accountContact(tx, key, id)).displayName);
    return names;
  });
}

/** An officer's verdict. */
export interface Verdict {
  grantId: string;
  decision: 'justified' | 'not_justified';
  note?: string;
}

/**
 * Records the verdict: 404 for a grant not in the practice, 403 on one's own grant (nobody
 * judges their own emergency), 409 once reviewed, 400 for "not justified" without a note (the
 * clinician and the practice need to know why).
 */
export async function reviewGrant(
  deps: IdentityDeps,
  officer: Officer,
  verdict: Verdict,
): Promise<{ id: string; state: ReviewState; reviewedAt: Date }> {
  const note = verdict.note?.trim() ?? '';
  if (verdict.decision === 'not_justified' && note === '') {
    throw new AppError('validation_failed', 'Say why this access was not justified.', [
      { location: 'note', message: 'is required when the decision is not_justified' },
    ]);
  }
  const { tenantId } = officer;
  const tenantKey = await deps.keyring.dataKey(tenantScope(tenantId));
  const now = deps.now();
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const grant = await findGrant(tx, tenantId, verdict.grantId);
    if (!grant) throw notFound('No such emergency access in this practice.');
    if (grant.userId === officer.userId) {
      throw new AppError(
        'forbidden',
        'Another privacy officer must review your own emergency access.',
      );
    }
    const recorded = await recordReview(tx, {
      tenantId,
      id: grant.id,
      state: verdict.decision,
      reviewedBy: officer.userId,
      reviewedAt: now,
      noteSealed: note === '' ? null : sealNote(tenantKey, tenantId, grant.id, note),
    });
    if (!recorded) throw new AppError('conflict', 'This emergency access was reviewed already.');
    await appendInTransaction(tx, [
      {
        tenantId,
        actorUserId: officer.userId,
        action: 'break_glass',
        outcome: 'success',
        dataCategory: 'break_glass',
        reasonCode: `review_${verdict.decision}`,
        resourceType: 'BreakGlassGrant',
        resourceId: grant.id,
        sourceAddress: officer.sourceAddress,
        requestId: officer.requestId,
      },
    ]);
    return { id: grant.id, state: verdict.decision, reviewedAt: now };
  });
}
