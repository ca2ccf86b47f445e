/**
 * Outgoing email goes through a queue in the database: a request queues the message inside its
 * transaction, and a job sends it after commit, retrying with backoff. A mail server that is
 * down delays mail but never loses it, and never fails the request. Messages are sealed with
 * the platform key (a reset link is a credential). Safe on many nodes: SKIP LOCKED.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { decrypt, encrypt, recordAad } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, type Tx } from '../db/transactions.js';

import type { Mailer, OutgoingEmail } from '../email/mailer.js';

export type QueuedEmail = OutgoingEmail;
export type EmailSender = Mailer;

const MAX_ATTEMPTS = 10;

function aad(id: string): Buffer {
  return recordAad({ tenantId: 'platform', resourceType: 'EmailJob', id, version: 1 });
}

export async function queueEmail(
  tx: Tx,
  platformKey: Buffer,
  message: QueuedEmail,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await tx
    .insertInto('email_job')
    .values({
      id,
      created_at: now,
      next_attempt_at: now,
      sealed: encrypt(platformKey, Buffer.from(JSON.stringify(message)), aad(id)),
      sent_at: null,
      last_error: null,
    })
    .execute();
  return id;
}

// A claimed job is leased for this long: if the node dies mid-send, another node retries after.
const LEASE_MS = 5 * 60 * 1000;

/**
 * Sends due messages (up to `limit`); returns how many were sent. Each job is claimed (leased)
 * in a short transaction and sent outside any transaction: a slow mail server must never hold
 * a database connection (on PGlite, the only one).
 */
export async function sendQueuedEmails(
  db: HavenDatabase,
  platformKey: Buffer,
  sender: EmailSender,
  options: { limit?: number; now?: Date } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  let sent = 0;
  for (let i = 0; i < (options.limit ?? 50); i++) {
    const job = await systemTransaction(db, async (tx) => {
      const due = await sql<{ id: string; sealed: Buffer; attempts: number }>`
        select id, sealed, attempts from email_job
        where sent_at is null and next_attempt_at <= ${now} and attempts < ${MAX_ATTEMPTS}
        order by next_attempt_at limit 1 for update skip locked
      `.execute(tx);
      const row = due.rows[0];
      if (!row) return undefined;
      await tx
        .updateTable('email_job')
        .set({ attempts: row.attempts + 1, next_attempt_at: new Date(now.getTime() + LEASE_MS) })
        .where('id', '=', row.id)
        .execute();
      return row;
    });
    if (!job) break;
    const message = JSON.parse(
      decrypt(platformKey, job.sealed, aad(job.id)).toString(),
    ) as QueuedEmail;
    let failure: unknown;
    try {
      await sender.send(message);
    } catch (error) {
      failure = error;
    }
    await systemTransaction(db, (tx) =>
      tx
        .updateTable('email_job')
        .set(
          failure === undefined
            ? { sent_at: new Date() }
            : {
                next_attempt_at: new Date(
                  now.getTime() + Math.min(2 ** job.attempts * 30_000, 6 * 3_600_000),
                ),
                // The class only: a mail server's message can quote the recipient.
                last_error: failure instanceof Error ? failure.name : 'Error',
              },
        )
        .where('id', '=', job.id)
        .execute(),
    );
    if (failure === undefined) sent++;
  }
  return sent;
}
