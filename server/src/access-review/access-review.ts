/**
 * The access review (ACC-4): per practice, who holds which role and what they can reach, and
 * when they last used it, so a privacy officer can take away what is no longer needed. Built
 * from the practice's own tables and audit log inside its tenant wall; a person's sign-ins are
 * audited in every practice that knows them, so "last sign-in" is there too.
 */
import { sql } from 'kysely';
import type { Tx } from '../db/transactions.js';
import { sensitiveLabelsOf } from '../care/sensitive-access.js';
import { practiceStaff } from '../identity/staff/practice-staff.js';
import { staffClearance } from '../identity/staff/clearance.js';
import type { StaffRole } from '../identity/roles.js';

/** Days without use after which a person's access is flagged for review. */
export const UNUSED_AFTER_DAYS = 90;

export interface AccessReviewRow {
  userId: string;
  roles: StaffRole[];
  patientData: boolean;
  clinicalAccess: boolean;
  clearanceGaps: string[];
  sensitiveLabels: string[];
  careRelationships: number;
  lastSignIn: Date | null;
  lastRecordAccess: Date | null;
  recordAccesses: number;
  deniedAccesses: number;
  breakGlassAccesses: number;
  /** No sign-in within UNUSED_AFTER_DAYS: a candidate for removing roles. */
  unused: boolean;
}

const RECORD_ACTIONS = ['read', 'search', 'create', 'update', 'delete', 'export'];

/** One row per staff member of the practice; counts over the last UNUSED_AFTER_DAYS days. */
export async function accessReview(
  tx: Tx,
  tenantId: string,
  now: Date,
): Promise<AccessReviewRow[]> {
  const since = new Date(now.getTime() - UNUSED_AFTER_DAYS * 86_400_000);
  const staff = await practiceStaff(tx, tenantId);
  const usage = await tx
    .selectFrom('audit_entry')
    .select([
      'actor_user_id',
      sql<Date | null>`max(at) filter (where action = 'sign_in' and outcome = 'success')`.as(
        'last_sign_in',
      ),
      sql<Date | null>`max(at) filter (where action in (${sql.join(RECORD_ACTIONS)}) and outcome = 'allowed')`.as(
        'last_access',
      ),
      sql<string>`count(*) filter (where action in (${sql.join(RECORD_ACTIONS)}) and outcome = 'allowed' and at >= ${since})`.as(
        'accesses',
      ),
      sql<string>`count(*) filter (where action in (${sql.join(RECORD_ACTIONS)}) and outcome = 'denied' and at >= ${since})`.as(
        'denied',
      ),
      sql<string>`count(*) filter (where break_glass and at >= ${since})`.as('break_glass'),
    ])
    .where('tenant_id', '=', tenantId)
    .where(
      'actor_user_id',
      'in',
      staff.size > 0 ? [...staff.keys()] : ['00000000-0000-0000-0000-000000000000'],
    )
    .groupBy('actor_user_id')
    .execute();
  const byUser = new Map(usage.map((u) => [u.actor_user_id, u]));
  const rows: AccessReviewRow[] = [];
  for (const [userId, roles] of staff) {
    const clearance = await staffClearance(tx, { tenantId, userId, now });
    const used = byUser.get(userId);
    const care = await tx
      .selectFrom('care_relationship')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .executeTakeFirstOrThrow();
    const lastSignIn = used?.last_sign_in ? new Date(used.last_sign_in) : null;
    rows.push({
      userId,
      roles,
      patientData: clearance.patientData,
      clinicalAccess: clearance.clinicalAccess,
      clearanceGaps: clearance.reasons,
      sensitiveLabels: await sensitiveLabelsOf(tx, tenantId, userId),
      careRelationships: Number(care.n),
      lastSignIn,
      lastRecordAccess: used?.last_access ? new Date(used.last_access) : null,
      recordAccesses: Number(used?.accesses ?? 0),
      deniedAccesses: Number(used?.denied ?? 0),
      breakGlassAccesses: Number(used?.break_glass ?? 0),
      unused: lastSignIn === null || lastSignIn < since,
    });
  }
  return rows;
}
