/**
 * The development mailer: with no SMTP server configured, each message is written as one
 * `.eml` file (RFC 5322, as nodemailer would send it) in `<dataDir>/outbox/`, where a developer
 * can open it, follow a reset link or copy a sign-in code. The files hold live tokens, so the
 * folder is private to Haven's user (0700) and each file is 0600.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { checkRecipient, type Mailer, type OutgoingEmail } from './mailer.js';
import { readMessage } from './mime-reader.js';

/** The outbox folder inside Haven's data folder. */
export function outboxDir(dataDir: string): string {
  return path.join(dataDir, 'outbox');
}

/** One message in the outbox, as listed. */
export interface OutboxEntry {
  /** The file name without `.eml`; sorts by the time the message was written. */
  id: string;
  createdAt: Date;
  from: string;
  to: string;
  subject: string;
}

/** One message in the outbox, read in full. */
export interface OutboxMessage extends OutboxEntry {
  text: string;
  html: string;
  /** The file as written: the RFC 5322 message. */
  raw: string;
}

/** Options for {@link OutboxMailer}. */
export interface OutboxMailerOptions {
  /** The folder to write to, normally `outboxDir(dataDir)`. */
  dir: string;
  /** The From header, e.g. `Haven <no-reply@haven.localhost>`. */
  mailFrom: string;
}

// 20250102T030405.678Z-<12 hex>: a UTC time stamp that sorts as text, then a random part so
// two processes writing in the same millisecond never collide.
const ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-[0-9a-f]{12}$/;

/** A {@link Mailer} that writes each message to a file in the outbox folder. */
export class OutboxMailer implements Mailer {
  readonly #dir: string;
  readonly #from: string;
  // Stream transport: nodemailer composes the complete message and hands it back as bytes.
  readonly #composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
  });
  #lastMs = 0;

  constructor(options: OutboxMailerOptions) {
    this.#dir = options.dir;
    this.#from = options.mailFrom;
  }

  /** Writes the message to a new file and resolves once it is complete on disk. */
  async send(message: OutgoingEmail): Promise<void> {
    const info = await this.#composer.sendMail({
      from: this.#from,
      to: checkRecipient(message.to),
      subject: message.subject,
      text: message.text,
      html: message.html,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    const bytes = Buffer.isBuffer(info.message) ? info.message : await readAll(info.message);
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const id = this.#nextId();
    const file = path.join(this.#dir, `${id}.eml`);
    // Written under a temporary name and renamed, so a listing never shows half a message.
    const partial = `${file}.partial`;
    await writeFile(partial, bytes, { mode: 0o600, flag: 'wx' });
    await rename(partial, file);
  }

  #nextId(): string {
    // Never go backwards or repeat within this process, so its messages list in send order.
    const ms = Math.max(Date.now(), this.#lastMs + 1);
    this.#lastMs = ms;
    const stamp = new Date(ms).toISOString().replace(/[-:]/g, '');
    return `${stamp}-${randomBytes(6).toString('hex')}`;
  }
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

function createdAtOf(id: string): Date | undefined {
  const m = ID_PATTERN.exec(id);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
}

/** Lists the messages in an outbox folder, newest first; an absent folder is an empty outbox. */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names
    .filter((name) => name.endsWith('.eml'))
    .map((name) => name.slice(0, -'.eml'.length))
    .filter((id) => ID_PATTERN.test(id))
    .sort()
    .reverse();
  const entries: OutboxEntry[] = [];
  for (const id of ids) {
    const message = await readOutboxMessage(dir, id);
    if (message) entries.push({ id, createdAt: message.createdAt, ...headersOf(message) });
  }
  return entries;
}

/**
 * Reads one message by its id. Unknown ids, and anything that is not an id Haven wrote (such
 * as `../secret`), give `undefined`: the id may come from a developer page's URL.
 */
export async function readOutboxMessage(
  dir: string,
  id: string,
): Promise<OutboxMessage | undefined> {
  const createdAt = createdAtOf(id);
  if (!createdAt) return undefined;
  let raw: string;
  try {
    raw = await readFile(path.join(dir, `${id}.eml`), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  const { headers, text, html } = readMessage(raw);
  return {
    id,
    createdAt,
    from: headers.from ?? '',
    to: headers.to ?? '',
    subject: headers.subject ?? '',
    text,
    html,
    raw,
  };
}

function headersOf(message: OutboxMessage): Pick<OutboxEntry, 'from' | 'to' | 'subject'> {
  return { from: message.from, to: message.to, subject: message.subject };
}
