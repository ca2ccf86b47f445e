/**
 * The text of a FHIR Attachment (a note, a report's presented form): base64 `data` decoded as
 * UTF-8 when it is plain text. Never HTML: markup is stripped, so a record cannot inject
 * anything into the page.
 */
import type { Attachment } from '@medplum/fhirtypes';

function decodeBase64(data: string): string {
  const binary = atob(data);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Visible text of an HTML fragment (a FHIR narrative), tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('script, style').forEach((el) => el.remove());
  doc.querySelectorAll('br').forEach((br) => br.replaceWith('\n'));
  doc.querySelectorAll('p, div, li, tr, h1, h2, h3, h4').forEach((el) => el.append('\n'));
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

export function attachmentText(attachment: Attachment | undefined): string | undefined {
  if (!attachment?.data) return undefined;
  const type = (attachment.contentType ?? 'text/plain').toLowerCase();
  let text: string;
  try {
    text = decodeBase64(attachment.data);
  } catch {
    return undefined;
  }
  if (type.startsWith('text/html') || type.startsWith('application/xhtml')) return htmlToText(text);
  if (type.startsWith('text/')) return text;
  return undefined;
}
