/**
 * Server-side WebAuthn challenges: one outstanding per user and ceremony, single use, five
 * minutes. Held in the database rather than a process or a cookie so the answer can reach any
 * node, and a consumed challenge is gone for every node at once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../db/transactions.js';

/** How long the browser has to answer a ceremony; also the options' `timeout`. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** The two WebAuthn ceremonies. */
export type Ceremony = 'registration' | 'authentication';

// The challenge is random and single-use, so storing its hash is not about secrecy at rest so
// much as never giving a database reader a live value to race the user with.
function hashChallenge(challenge: string): Buffer {
  return createHash('sha256').update(challenge, 'utf8').digest();
}

/** Stores `challenge` (base64url, as in the options) for the ceremony, replacing an older one. */
export async function storeChallenge(
  tx: Tx,
  userId: string,
  purpose: Ceremony,
  challenge: string,
  now: Date,
): Promise<void> {
  const values = {
    challenge_hash: hashChallenge(challenge),
    expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS),
  };
  await tx
    .insertInto('mfa_webauthn_challenge')
    .values({ user_id: userId, purpose, ...values })
    .onConflict((oc) => oc.columns(['user_id', 'purpose']).doUpdateSet(values))
    .execute();
}

/** The challenge the client signed, read from its base64url clientDataJSON, or undefined. */
function clientChallenge(clientDataJSON: unknown): string | undefined {
  if (typeof clientDataJSON !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('challenge' in parsed)) return undefined;
    return typeof parsed.challenge === 'string' ? parsed.challenge : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Consumes the outstanding challenge of the ceremony and returns it if the client's
 * clientDataJSON names it and it has not expired. The stored challenge is deleted whatever the
 * outcome: one response per challenge, so a replayed or failed answer cannot be retried.
 */
export async function takeChallenge(
  tx: Tx,
  userId: string,
  purpose: Ceremony,
  clientDataJSON: unknown,
  now: Date,
): Promise<string | undefined> {
  const stored = await tx
    .deleteFrom('mfa_webauthn_challenge')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .returning(['challenge_hash', 'expires_at'])
    .executeTakeFirst();
  const challenge = clientChallenge(clientDataJSON);
  if (!stored || challenge === undefined) return undefined;
  if (new Date(stored.expires_at).getTime() <= now.getTime()) return undefined;
  const matches = timingSafeEqual(hashChallenge(challenge), Buffer.from(stored.challenge_hash));
  return matches ? challenge : undefined;
}
