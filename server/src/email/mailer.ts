/**
 * What the rest of Haven sees of email: one message shape and one method. Which transport
 * carries it (an SMTP server, or the local outbox folder in development) is chosen once at
 * start-up by `createMailer`.
 */

/** One email to one person. Built by the templates in `templates.ts`, never by hand. */
export interface OutgoingEmail {
  /** A single bare address, e.g. `jo@example.org`. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends an email, or rejects. A rejection's message never names the recipient. */
export interface Mailer {
  send(message: OutgoingEmail): Promise<void>;
}

// A bare address with no display name, comma or angle bracket: a value such as
// "a@x.org, b@y.org" would otherwise send one person's email to two.
const SINGLE_ADDRESS = /^[^\s@,;:<>()"[\]\\]+@[^\s@,;:<>()"[\]\\]+$/;

/** Throws (without echoing the value) unless `to` is one bare email address. */
export function checkRecipient(to: string): string {
  if (to.length > 254 || !SINGLE_ADDRESS.test(to)) {
    throw new TypeError('Email recipient must be a single email address');
  }
  return to;
}
