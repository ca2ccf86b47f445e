import type { Mailer } from './mailer.js';
import { OutboxMailer, outboxDir } from './outbox-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';

/** The settings `createMailer` needs: HAVEN_SMTP_URL, HAVEN_MAIL_FROM and HAVEN_DATA_DIR. */
export interface CreateMailerOptions {
  smtpUrl?: string | undefined;
  mailFrom: string;
  dataDir: string;
}

/**
 * The mailer for this configuration: SMTP when `smtpUrl` is set, otherwise the outbox folder
 * `<dataDir>/outbox`, so development needs no mail server and nothing leaves the machine.
 */
export function createMailer(options: CreateMailerOptions): Mailer {
  if (options.smtpUrl) {
    return new SmtpMailer({ smtpUrl: options.smtpUrl, mailFrom: options.mailFrom });
  }
  return new OutboxMailer({ dir: outboxDir(options.dataDir), mailFrom: options.mailFrom });
}
