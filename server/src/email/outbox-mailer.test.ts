import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMailer } from './create-mailer.js';
import { listOutbox, OutboxMailer, outboxDir, readOutboxMessage } from './outbox-mailer.js';
import { SmtpMailer } from './smtp-mailer.js';
import { newActivityEmail, passwordResetEmail } from './templates.js';

async function dataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'haven-outbox-'));
}

const reset = passwordResetEmail({
  to: 'jo@example.org',
  locale: 'es',
  resetUrl: 'https://haven.example/reset?token=abc123&lang=es',
  expiresInMinutes: 30,
});
const notice = newActivityEmail({
  to: 'sam@example.org',
  locale: 'en',
  category: 'message',
  signInUrl: 'https://haven.example/sign-in',
});

describe('createMailer', () => {
  it('uses SMTP when a server is configured and the outbox otherwise', async () => {
    const dir = await dataDir();
    const from = 'Haven <no-reply@haven.localhost>';
    expect(createMailer({ mailFrom: from, dataDir: dir })).toBeInstanceOf(OutboxMailer);
    const smtp = createMailer({ smtpUrl: 'smtp://127.0.0.1:2525', mailFrom: from, dataDir: dir });
    expect(smtp).toBeInstanceOf(SmtpMailer);
    (smtp as SmtpMailer).close();
  });
});

describe('OutboxMailer', () => {
  it('writes one private .eml file per message that reads back whole', async () => {
    const data = await dataDir();
    const mailer = createMailer({ mailFrom: 'Haven <no-reply@haven.localhost>', dataDir: data });
    await mailer.send(reset);
    await mailer.send(notice);

    const dir = outboxDir(data);
    const files = await readdir(dir);
    expect(files).toHaveLength(2);
    expect(files.every((name) => name.endsWith('.eml'))).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    for (const name of files) {
      expect((await stat(path.join(dir, name))).mode & 0o777).toBe(0o600);
    }

    const listed = await listOutbox(dir);
    // Newest first, and the names sort in the order the messages were sent.
    expect(listed.map((entry) => entry.subject)).toEqual([notice.subject, reset.subject]);
    expect([...files].sort()).toEqual(listed.map((entry) => `${entry.id}.eml`).reverse());
    expect(listed[1]).toMatchObject({ from: 'Haven <no-reply@haven.localhost>', to: reset.to });
    expect(Math.abs((listed[0]?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    const read = await readOutboxMessage(dir, listed[1]?.id ?? '');
    expect(read?.subject).toBe('Restablece tu contraseña de Haven');
    expect(read?.text.trimEnd()).toBe(reset.text.trimEnd());
    expect(read?.html.trimEnd()).toBe(reset.html.trimEnd());
    // The raw file is an RFC 5322 message with CRLF line ends.
    expect(read?.raw).toMatch(/^[\s\S]*\r\nSubject: [^\r\n]+\r\n/);
    expect(read?.raw).toContain('\r\nMIME-Version: 1.0\r\n');
    expect(read?.raw).toContain('\r\nDate: ');
  });

  it('reads only ids it wrote, so a path cannot escape the outbox', async () => {
    const dir = outboxDir(await dataDir());
    await new OutboxMailer({ dir, mailFrom: 'no-reply@haven.localhost' }).send(notice);
    await writeFile(path.join(dir, 'notes.eml'), 'Subject: not ours\r\n\r\n');
    expect((await listOutbox(dir)).map((entry) => entry.subject)).toEqual([notice.subject]);
    expect(await readOutboxMessage(dir, 'notes')).toBeUndefined();
    expect(await readOutboxMessage(dir, '../../etc/passwd')).toBeUndefined();
    expect(await readOutboxMessage(dir, '20250102T030405.678Z-000000000000')).toBeUndefined();
  });

  it('treats a missing outbox folder as empty', async () => {
    expect(await listOutbox(path.join(await dataDir(), 'nothing-here'))).toEqual([]);
  });

  it('refuses a recipient list without writing anything', async () => {
    const dir = outboxDir(await dataDir());
    const mailer = new OutboxMailer({ dir, mailFrom: 'no-reply@haven.localhost' });
    await expect(mailer.send({ ...notice, to: 'a@example.org, b@example.org' })).rejects.toThrow(
      'Email recipient must be a single email address',
    );
    expect(await listOutbox(dir)).toEqual([]);
  });
});
