/**
 * Sends email through the SMTP server named by HAVEN_SMTP_URL (smtp:// with STARTTLS when the
 * server offers it, or smtps://), from HAVEN_MAIL_FROM.
 */
import nodemailer from 'nodemailer';
import type { SMTPSentMessageInfo, Transporter } from 'nodemailer';
import { checkRecipient, type Mailer, type OutgoingEmail } from './mailer.js';

/**
 * A send that failed. The message names only nodemailer's error code and the SMTP reply code:
 * the server's reply text and nodemailer's message can quote the recipient address ("550
 * <jo@example.org>: no such user"), so neither is kept, not even as `cause`.
 */
export class EmailDeliveryError extends Error {
  override readonly name = 'EmailDeliveryError';

  constructor(
    /** nodemailer's error code, e.g. `EENVELOPE`, `ECONNECTION`, `EAUTH`, `ETIMEDOUT`. */
    readonly code: string,
    /** The SMTP reply code when the server answered, e.g. 550. */
    readonly responseCode?: number,
  ) {
    super(
      `Email could not be sent (${code}${responseCode === undefined ? '' : `, SMTP ${responseCode}`})`,
    );
  }
}

/** Options for {@link SmtpMailer}. */
export interface SmtpMailerOptions {
  /** `smtp://` or `smtps://` URL, with credentials when the server needs them. */
  smtpUrl: string;
  /** The From header, e.g. `Haven <no-reply@haven.example>`. */
  mailFrom: string;
}

/** A {@link Mailer} that hands each message to an SMTP server. */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter<SMTPSentMessageInfo>;
  readonly #from: string;

  constructor(options: SmtpMailerOptions) {
    this.#from = options.mailFrom;
    this.#transport = nodemailer.createTransport({
      url: options.smtpUrl,
      // Short limits: a request that sends an email waits for it, and nodemailer's defaults
      // (up to ten minutes of socket silence) would hold it far too long.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
      debug: false,
    });
  }

  /** Sends one message; rejects with an {@link EmailDeliveryError} when the server refuses it. */
  async send(message: OutgoingEmail): Promise<void> {
    const to = checkRecipient(message.to);
    try {
      await this.#transport.sendMail({
        from: this.#from,
        to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Our bodies are strings; never let a message make nodemailer read a file or fetch a URL.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** Closes any open connection to the server. */
  close(): void {
    this.#transport.close();
  }
}

function toDeliveryError(error: unknown): EmailDeliveryError {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return new EmailDeliveryError(
    typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'EUNKNOWN',
    typeof responseCode === 'number' ? responseCode : undefined,
  );
}
