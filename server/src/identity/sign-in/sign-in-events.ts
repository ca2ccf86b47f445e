/** Every sign-in attempt is recorded: the user's sign-in history, and evidence for lockout. */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/transactions.js';
import type { SignInOutcome } from '../identity-tables.js';
import { summariseBrowser } from './devices.js';

export interface ClientInfo {
  ip?: string | undefined;
  userAgent?: string | undefined;
  deviceId?: string | undefined;
}

export async function recordSignInEvent(
  tx: Tx,
  event: {
    userId: string | null;
    emailIndex: string;
    outcome: SignInOutcome;
    client: ClientInfo;
    now: Date;
  },
): Promise<void> {
  await tx
    .insertInto('sign_in_event')
    .values({
      id: randomUUID(),
      user_id: event.userId,
      email_index: event.emailIndex,
      at: event.now,
      outcome: event.outcome,
      ip: event.client.ip ?? null,
      browser: summariseBrowser(event.client.userAgent),
      device_id: null,
    })
    .execute();
}

export interface SignInHistoryEntry {
  at: Date;
  outcome: SignInOutcome;
  ip: string | null;
  browser: string | null;
}

/** The user's recent sign-in attempts, newest first (for the Security page). */
export async function signInHistory(
  tx: Tx,
  userId: string,
  limit = 50,
): Promise<SignInHistoryEntry[]> {
  const rows = await tx
    .selectFrom('sign_in_event')
    .select(['at', 'outcome', 'ip', 'browser'])
    .where('user_id', '=', userId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows;
}
