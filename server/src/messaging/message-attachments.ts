/**
 * Files sent with a message (DATA-13): a photo of a rash, a letter from another provider. Kept
 * inside the message itself (a FHIR Attachment in `payload`), so they are sealed with it under
 * the patient's key and reach exactly who may read the message, nobody else. Only kinds a
 * browser shows without running anything (PDF, JPEG, PNG), checked by their first bytes and not
 * only by what the sender claims, and only so much per message.
 */
import { createHash } from 'node:crypto';
import type { Attachment, Communication } from '@medplum/fhirtypes';
import { AppError, type ErrorIssue } from '../errors/app-error.js';

export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENTS = 3;
/** Together, per message: a phone photo or a scanned letter fits, a video does not. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
const TITLE_MAX_LENGTH = 100;

/** A file as the browser sends it: its name, declared type and bytes in base64. */
export interface SentFile {
  filename: string;
  contentType: string;
  data: string;
}

/** A checked file, ready to go into a message. */
export interface MessageFile {
  title: string;
  contentType: AttachmentType;
  bytes: Buffer;
}

const SIGNATURES: Record<AttachmentType, (bytes: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};
// One character class, no repeated group: a group repeated a million times would exhaust the
// regular expression engine's stack on a 5 MB file.
const BASE64_CHARACTERS = /^[A-Za-z0-9+/]*={0,2}$/;
// eslint-disable-next-line no-control-regex
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f/\\]/g;

/** Checks every file; all problems are reported together, at `/attachments/<n>/...`. */
export function checkedFiles(files: readonly SentFile[]): MessageFile[] {
  const issues: ErrorIssue[] = [];
  const checked: MessageFile[] = [];
  if (files.length > MAX_ATTACHMENTS) {
    issues.push({ location: '/attachments', message: `holds more than ${MAX_ATTACHMENTS} files` });
  }
  files.slice(0, MAX_ATTACHMENTS).forEach((file, index) => {
    const at = `/attachments/${index}`;
    const type = ATTACHMENT_TYPES.find((t) => t === file.contentType.toLowerCase());
    if (!type) {
      issues.push({ location: `${at}/contentType`, message: 'must be a PDF, JPEG or PNG file' });
      return;
    }
    const bytes = strictBase64(file.data);
    if (!bytes || bytes.length === 0) {
      issues.push({ location: `${at}/data`, message: 'is not a file in base64' });
      return;
    }
    if (!SIGNATURES[type](bytes)) {
      issues.push({ location: `${at}/data`, message: 'is not the kind of file it says it is' });
      return;
    }
    const title = file.filename.split(/[/\\]/).pop()?.replace(UNSAFE_NAME, '').trim() ?? '';
    checked.push({ title: title.slice(0, TITLE_MAX_LENGTH) || 'file', contentType: type, bytes });
  });
  const total = checked.reduce((sum, f) => sum + f.bytes.length, 0);
  if (total > MAX_ATTACHMENT_BYTES) {
    issues.push({ location: '/attachments', message: 'are larger than 5 MB together' });
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', 'Some files cannot be sent.', issues);
  }
  return checked;
}

/** The bytes of canonical base64 (what it decodes to encodes back the same), else undefined. */
function strictBase64(data: string): Buffer | undefined {
  if (data.length % 4 !== 0 || !BASE64_CHARACTERS.test(data)) return undefined;
  const bytes = Buffer.from(data, 'base64');
  return bytes.toString('base64') === data ? bytes : undefined;
}

/** The FHIR Attachment of a file (R4: `hash` is the SHA-1 of the data, in base64). */
export function fhirAttachment(file: MessageFile, sent: Date): Attachment {
  return {
    contentType: file.contentType,
    data: file.bytes.toString('base64'),
    title: file.title,
    size: file.bytes.length,
    hash: createHash('sha1').update(file.bytes).digest('base64'),
    creation: sent.toISOString(),
  };
}

/**
 * The message as the FHIR validator should see it: each file's bytes replaced by one byte.
 * @medplum/core refuses any base64Binary over 1 MiB, which is less than a phone's photo; the
 * bytes themselves were checked here (canonical base64 of an allowed kind, within the limit),
 * so the validator is asked only about the structure around them.
 */
export function withoutFileBytes(message: Communication): Communication {
  return {
    ...message,
    payload: (message.payload ?? []).map((p) =>
      p.contentAttachment ? { contentAttachment: { ...p.contentAttachment, data: 'AA==' } } : p,
    ),
  };
}

/** The files of a message, in order, without their bytes (what a list of messages shows). */
export function attachmentsOf(
  message: Communication,
): { index: number; title: string; contentType: string; size: number }[] {
  return (message.payload ?? [])
    .flatMap((p) => (p.contentAttachment ? [p.contentAttachment] : []))
    .map((a, index) => ({
      index,
      title: a.title ?? 'file',
      contentType: a.contentType ?? 'application/octet-stream',
      size: a.size ?? 0,
    }));
}

/** One file of a message, with its bytes; undefined when there is no such file. */
export function attachmentFile(message: Communication, index: number): MessageFile | undefined {
  const attachment = (message.payload ?? []).flatMap((p) =>
    p.contentAttachment ? [p.contentAttachment] : [],
  )[index];
  const type = ATTACHMENT_TYPES.find((t) => t === attachment?.contentType);
  if (!attachment?.data || !type) return undefined;
  return {
    title: attachment.title ?? 'file',
    contentType: type,
    bytes: Buffer.from(attachment.data, 'base64'),
  };
}

/**
 * Content-Disposition for a download: always `attachment` (never shown inside Haven's origin),
 * an ASCII name for old browsers and the real one in RFC 5987 form.
 */
export function downloadDisposition(title: string): string {
  const ascii = title.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(title)}`;
}
