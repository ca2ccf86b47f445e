/**
 * The repository of break-the-glass grants (ACC-5): the only code that writes SQL for
 * break_glass_grant. Every function runs in a tenant transaction for `tenantId` opened by the
 * caller; the tenant filter is repeated in each query so they stay right on the system path.
 */
import type { Selectable } from 'kysely';
import type { BreakGlassGrant } from '../access/access-types.js';
import type { Tx } from '../db/transactions.js';
import type {
  BreakGlassGrantTable,
  BreakGlassReasonCode,
  ReviewState,
} from './break-glass-tables.js';

/** A grant as stored, its free text still sealed. */
export interface StoredGrant {
  id: string;
  tenantId: string;
  userId: string;
  patientId: string;
  reasonCode: BreakGlassReasonCode;
  reasonSealed: Buffer;
  grantedAt: Date;
  expiresAt: Date;
  reviewState: ReviewState;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNoteSealed: Buffer | null;
}

/** A new grant; the caller checked clearance, the patient and the reason, and sealed it. */
export type NewGrant = Pick<
  StoredGrant,
  | 'id'
  | 'tenantId'
  | 'userId'
  | 'patientId'
  | 'reasonCode'
  | 'reasonSealed'
  | 'grantedAt'
  | 'expiresAt'
>;

function stored(row: Selectable<BreakGlassGrantTable>): StoredGrant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    patientId: row.patient_id,
    reasonCode: row.reason_code,
    reasonSealed: row.reason_sealed,
    grantedAt: row.granted_at,
    expiresAt: row.expires_at,
    reviewState: row.review_state,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewNoteSealed: row.review_note_sealed,
  };
}

/** Writes a new grant, pending review. */
export async function insertGrant(tx: Tx, grant: NewGrant): Promise<void> {
  await tx
    .insertInto('break_glass_grant')
    .values({
      tenant_id: grant.tenantId,
      id: grant.id,
      user_id: grant.userId,
      patient_id: grant.patientId.toLowerCase(),
      reason_code: grant.reasonCode,
      reason_sealed: grant.reasonSealed,
      granted_at: grant.grantedAt,
      expires_at: grant.expiresAt,
    })
    .execute();
}

/**
 * The latest grant of `userId` for `patientId` that has started by `now`, expired or not, so the
 * decision can tell "no grant" from "grant expired". Latest by end: a short grant opened after a
 * long one must not hide the long one while it still runs.
 */
export async function latestGrant(
  tx: Tx,
  tenantId: string,
  userId: string,
  patientId: string,
  now: Date,
): Promise<StoredGrant | undefined> {
  const row = await tx
    .selectFrom('break_glass_grant')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('patient_id', '=', patientId.toLowerCase())
    .where('granted_at', '<=', now)
    .orderBy('expires_at', 'desc')
    .orderBy('granted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? stored(row) : undefined;
}

/**
 * The grant the access decision weighs (ACC-5), see {@link latestGrant}. `reason` is the coded
 * reason: the explanation stays sealed, and a grant without one cannot be created.
 */
export async function activeBreakGlass(
  tx: Tx,
  tenantId: string,
  userId: string,
  patientId: string,
  now: Date,
): Promise<BreakGlassGrant | undefined> {
  const grant = await latestGrant(tx, tenantId, userId, patientId, now);
  // Only these three fields: the decision context must not carry sealed text around.
  return (
    grant && { grantedAt: grant.grantedAt, expiresAt: grant.expiresAt, reason: grant.reasonCode }
  );
}

/** One grant of the practice, or undefined. */
export async function findGrant(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<StoredGrant | undefined> {
  const row = await tx
    .selectFrom('break_glass_grant')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
  return row ? stored(row) : undefined;
}

/** The practice's grants in one review state, oldest first (the queue's order), at most `limit`. */
export async function grantsInState(
  tx: Tx,
  tenantId: string,
  state: ReviewState,
  limit: number,
): Promise<StoredGrant[]> {
  const rows = await tx
    .selectFrom('break_glass_grant')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('review_state', '=', state)
    .orderBy('granted_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(stored);
}

/** A privacy officer's verdict on a grant. */
export interface Review {
  tenantId: string;
  id: string;
  state: Exclude<ReviewState, 'pending'>;
  reviewedBy: string;
  reviewedAt: Date;
  noteSealed: Buffer | null;
}

/**
 * Records a verdict on a pending grant. Returns false when the grant is no longer pending:
 * the state test is in the UPDATE itself, so two officers reviewing at once cannot both win.
 */
export async function recordReview(tx: Tx, review: Review): Promise<boolean> {
  const result = await tx
    .updateTable('break_glass_grant')
    .set({
      review_state: review.state,
      reviewed_by: review.reviewedBy,
      reviewed_at: review.reviewedAt,
      review_note_sealed: review.noteSealed,
    })
    .where('tenant_id', '=', review.tenantId)
    .where('id', '=', review.id.toLowerCase())
    .where('review_state', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
