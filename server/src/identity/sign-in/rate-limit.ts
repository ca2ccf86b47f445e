/**
 * Fixed-window rate limits kept in the database, so every node counts the same hits (SCALE:
 * no state in a process that another process needs). One upsert per check.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';

export interface RateLimit {
  /** What is counted, e.g. `sign-in:ip:203.0.113.9`; may hold a blind index, never an email. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/** Counts one hit; returns how many hits the current window holds, this one included. */
export async function hit(tx: Tx, rule: RateLimit, now: Date): Promise<number> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const result = await sql<{ hits: number }>`
    insert into rate_limit_bucket (key, window_start, hits) values (${rule.key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when rate_limit_bucket.window_start <= ${windowStart} then 1 else rate_limit_bucket.hits + 1 end,
      window_start = case when rate_limit_bucket.window_start <= ${windowStart} then ${now} else rate_limit_bucket.window_start end
    returning hits
  `.execute(tx);
  return result.rows[0]?.hits ?? 1;
}

/** Counts one hit and refuses with 429 once the window's limit is passed. */
export async function enforce(tx: Tx, rule: RateLimit, now: Date): Promise<void> {
  if ((await hit(tx, rule, now)) > rule.limit) {
    throw new AppError('rate_limited');
  }
}
