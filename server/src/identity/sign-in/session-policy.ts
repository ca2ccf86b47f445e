/**
 * How long a session may sit idle (ONC (d)(5) automatic time-out): staff 15 minutes and
 * patients 30 by default, changeable per practice. A person who is staff anywhere gets the
 * staff rule; across several practices the strictest applies.
 */
import type { Tx } from '../../db/transactions.js';

export const DEFAULT_STAFF_IDLE_MINUTES = 15;
export const DEFAULT_PATIENT_IDLE_MINUTES = 30;

export async function idleTimeoutSeconds(tx: Tx, userId: string): Promise<number> {
  const staff = await tx
    .selectFrom('practice_membership as m')
    .leftJoin('practice_security_policy as p', 'p.tenant_id', 'm.tenant_id')
    .select('p.staff_idle_minutes')
    .where('m.user_id', '=', userId)
    .execute();
  if (staff.length > 0) {
    return 60 * Math.min(...staff.map((r) => r.staff_idle_minutes ?? DEFAULT_STAFF_IDLE_MINUTES));
  }
  const patient = await tx
    .selectFrom('patient_account as a')
    .leftJoin('practice_security_policy as p', 'p.tenant_id', 'a.tenant_id')
    .select('p.patient_idle_minutes')
    .where('a.user_id', '=', userId)
    .execute();
  return (
    60 *
    Math.min(
      DEFAULT_PATIENT_IDLE_MINUTES,
      ...patient.map((r) => r.patient_idle_minutes ?? DEFAULT_PATIENT_IDLE_MINUTES),
    )
  );
}
