/**
 * Work that runs beside the HTTP server on every node: for now, sending queued email. Each job
 * claims its work through the database (SKIP LOCKED), so running on every node at once is safe.
 */
import { platformScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import type { Mailer } from '../email/mailer.js';
import type { Logger } from '../log/logger.js';
import { sendQueuedEmails } from '../notifications/email-queue.js';

const EMAIL_INTERVAL_MS = 2_000;

export function startBackgroundJobs(deps: {
  db: HavenDatabase;
  keyring: Keyring;
  mailer: Mailer;
  logger: Logger;
}): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const key = await deps.keyring.dataKey(platformScope());
      const sent = await sendQueuedEmails(deps.db, key, deps.mailer);
      if (sent > 0) deps.logger.info({ count: sent }, 'queued email sent');
    } catch (error) {
      deps.logger.warn({ err: error }, 'sending queued email failed; will retry');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, EMAIL_INTERVAL_MS);
  };
  schedule();

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
