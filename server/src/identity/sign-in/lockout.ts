/**
 * Progressive lockout after repeated failed sign-ins (SEC-5). Keyed by the email's blind
 * index, so an email with no account locks exactly like one with an account and the answers
 * reveal nothing. Every 5th consecutive failure locks for twice as long as the last time
 * (1, 2, 4 ... up to 60 minutes); a success clears it.
 */
import type { Tx } from '../../db/transactions.js';

export const FAILURES_PER_LOCK = 5;
const FIRST_LOCK_MINUTES = 1;
const MAX_LOCK_MINUTES = 60;
// Failures older than this no longer count towards a lock.
const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

/** When the account is locked until, or undefined if it is not locked now. */
export async function lockedUntil(
  tx: Tx,
  emailIndex: string,
  now: Date,
): Promise<Date | undefined> {
  const row = await tx
    .selectFrom('account_lockout')
    .select('locked_until')
    .where('email_index', '=', emailIndex)
    .executeTakeFirst();
  return row?.locked_until && row.locked_until > now ? row.locked_until : undefined;
}

export function lockMinutes(failures: number): number | undefined {
  if (failures === 0 || failures % FAILURES_PER_LOCK !== 0) return undefined;
  const level = failures / FAILURES_PER_LOCK - 1;
  return Math.min(FIRST_LOCK_MINUTES * 2 ** level, MAX_LOCK_MINUTES);
}

/** Records a failure; returns the lock it caused, if any. */
export async function recordFailure(
  tx: Tx,
  emailIndex: string,
  now: Date,
): Promise<Date | undefined> {
  const row = await tx
    .selectFrom('account_lockout')
    .select(['failures', 'last_failure_at'])
    .where('email_index', '=', emailIndex)
    .forUpdate()
    .executeTakeFirst();
  const stale = row && now.getTime() - row.last_failure_at.getTime() > FAILURE_MEMORY_MS;
  const failures = !row || stale ? 1 : row.failures + 1;
  const minutes = lockMinutes(failures);
  const until = minutes ? new Date(now.getTime() + minutes * 60_000) : null;
  await tx
    .insertInto('account_lockout')
    .values({ email_index: emailIndex, failures, locked_until: until, last_failure_at: now })
    .onConflict((c) =>
      c.column('email_index').doUpdateSet({ failures, locked_until: until, last_failure_at: now }),
    )
    .execute();
  return until ?? undefined;
}

export async function clearFailures(tx: Tx, emailIndex: string): Promise<void> {
  await tx.deleteFrom('account_lockout').where('email_index', '=', emailIndex).execute();
}
