/**
 * Just enough MIME reading to show an outbox message to a developer: unfolded headers with
 * encoded words decoded, and the text and HTML bodies of the (possibly multipart) message
 * with their transfer encoding undone. It reads what nodemailer writes; it is not a general
 * mail parser and never sees mail from outside.
 */

/** A message read back from its RFC 5322 form. */
export interface ReadMessage {
  /** Header values by lower-case name (the first occurrence), encoded words decoded. */
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** Reads the headers and the text/HTML bodies of an RFC 5322 message. */
export function readMessage(raw: string): ReadMessage {
  const result: ReadMessage = { headers: {}, text: '', html: '' };
  const { headers, body } = splitEntity(raw);
  result.headers = headers;
  collectBodies(headers, body, result);
  return result;
}

function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  // Unfold continuation lines (those starting with white space) into their header.
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectBodies(headers: Record<string, string>, body: string, into: ReadMessage): void {
  const contentType = (headers['content-type'] ?? 'text/plain').toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
    if (!boundary) return;
    for (const part of splitMultipart(body, boundary)) {
      const entity = splitEntity(part);
      collectBodies(entity.headers, entity.body, into);
    }
    return;
  }
  const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1] ?? 'utf-8';
  const decoded = decodeBody(body, headers['content-transfer-encoding'] ?? '7bit', charset);
  if (contentType.startsWith('text/html') && into.html === '') into.html = decoded;
  else if (contentType.startsWith('text/plain') && into.text === '') into.text = decoded;
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  const lines = body.split(/\r?\n/);
  let current: string[] | undefined;
  for (const line of lines) {
    if (line === `--${boundary}--`) break;
    if (line === `--${boundary}`) {
      if (current) parts.push(current.join('\r\n'));
      current = [];
    } else {
      current?.push(line);
    }
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

function decodeBody(body: string, transferEncoding: string, charset: string): string {
  const encoding = transferEncoding.trim().toLowerCase();
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (encoding === 'quoted-printable') bytes = decodeQuotedPrintable(body);
  else bytes = Buffer.from(body, 'utf8');
  return decodeCharset(bytes, charset).replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(body: string): Buffer {
  // Soft line breaks ("=" at the end of a line) join lines; "=XX" is one byte.
  const joined = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** Decodes RFC 2047 encoded words (`=?utf-8?Q?...?=`, `=?utf-8?B?...?=`) in a header value. */
export function decodeWords(value: string): string {
  return (
    value
      // White space between two adjacent encoded words is not part of the text.
      .replace(/(\?=)\s+(?==\?)/g, '$1')
      .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, charset: string, kind, text: string) => {
        const bytes =
          String(kind).toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : decodeQuotedPrintable(text.replace(/_/g, ' '));
        return decodeCharset(bytes, charset.split('*')[0] ?? 'utf-8');
      })
  );
}
