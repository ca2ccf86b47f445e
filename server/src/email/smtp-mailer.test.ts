import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { readMessage } from './mime-reader.js';
import { EmailDeliveryError, SmtpMailer } from './smtp-mailer.js';
import { passwordResetEmail } from './templates.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const servers: SMTPServer[] = [];

/** A real SMTP server on 127.0.0.1 (a free port), without TLS or authentication. */
async function startServer(
  options: Partial<SMTPServerOptions> = {},
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : '',
          to: envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  servers.push(server);
  const port = await new Promise<number>((resolve) => {
    const listener = server.listen(0, '127.0.0.1', () => {
      resolve((listener.address() as AddressInfo).port);
    });
  });
  return { url: `smtp://127.0.0.1:${port}`, received };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => s.close(done))));
});

const message = passwordResetEmail({
  to: 'jo@example.org',
  locale: 'es',
  resetUrl: 'https://haven.example/reset?token=abc123',
  expiresInMinutes: 30,
});

describe('SmtpMailer', () => {
  it('delivers the message with its from, to, subject, text and HTML parts', async () => {
    const { url, received } = await startServer();
    const mailer = new SmtpMailer({ smtpUrl: url, mailFrom: 'Haven <no-reply@haven.test>' });
    await mailer.send(message);
    mailer.close();

    expect(received).toHaveLength(1);
    const [delivered] = received;
    expect(delivered?.from).toBe('no-reply@haven.test');
    expect(delivered?.to).toEqual(['jo@example.org']);
    const read = readMessage(delivered?.raw ?? '');
    expect(read.headers.from).toBe('Haven <no-reply@haven.test>');
    expect(read.headers.to).toBe('jo@example.org');
    expect(read.headers.subject).toBe(message.subject);
    expect(read.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(read.text.trimEnd()).toBe(message.text.trimEnd());
    expect(read.html.trimEnd()).toBe(message.html.trimEnd());
  });

  it('rejects without naming the recipient when the server refuses it', async () => {
    const { url, received } = await startServer({
      onRcptTo(address, _session, callback) {
        const error = new Error(`No such user here: <${address.address}>`);
        callback(Object.assign(error, { responseCode: 550 }));
      },
    });
    const mailer = new SmtpMailer({ smtpUrl: url, mailFrom: 'no-reply@haven.test' });
    const failure = await mailer.send(message).then(
      () => undefined,
      (error: unknown) => error,
    );
    mailer.close();

    expect(received).toHaveLength(0);
    expect(failure).toBeInstanceOf(EmailDeliveryError);
    const error = failure as EmailDeliveryError;
    expect(error.code).toBe('EENVELOPE');
    expect(error.responseCode).toBe(550);
    expect(error.message).not.toContain('jo@example.org');
    expect(error.message).not.toMatch(/jo@|example\.org/);
    expect(error.cause).toBeUndefined();
  });

  it('rejects with a connection error when no server listens', async () => {
    const { url } = await startServer();
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((done) => s.close(done))));
    const mailer = new SmtpMailer({ smtpUrl: url, mailFrom: 'no-reply@haven.test' });
    await expect(mailer.send(message)).rejects.toMatchObject({
      name: 'EmailDeliveryError',
      code: expect.stringMatching(/^E(SOCKET|CONNECTION)$/) as unknown,
    });
    mailer.close();
  });

  it('refuses a recipient that is not one bare address, without echoing it', async () => {
    const { url, received } = await startServer();
    const mailer = new SmtpMailer({ smtpUrl: url, mailFrom: 'no-reply@haven.test' });
    for (const to of ['jo@example.org, eve@evil.test', 'Jo <jo@example.org>', 'jo', '']) {
      await expect(mailer.send({ ...message, to })).rejects.toThrow(
        /^Email recipient must be a single email address$/,
      );
    }
    mailer.close();
    expect(received).toHaveLength(0);
  });
});
