/**
 * The few pieces every email template shares: HTML escaping, checks on the values a template
 * is given, and one plain layout that yields the text and HTML bodies from the same blocks.
 * No template engine: the templates are small and a hand-written escaper is easy to audit.
 */
import type { OutgoingEmail } from './mailer.js';

/** The languages every template is written in. */
export type Locale = 'en' | 'es';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Returns the normalised form of an http(s) URL, or throws. Other schemes (javascript:,
 * data:) would turn a link into script; normalising percent-encodes quotes, spaces and angle
 * brackets, and the HTML is escaped on top of that.
 */
export function checkLinkUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError('Email link must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('Email link must be an http or https URL');
  }
  return url.href;
}

/** Throws unless `value` is a whole number of minutes from 1 to 10080 (a week). */
export function checkMinutes(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 10_080) {
    throw new RangeError('Expiry must be a whole number of minutes from 1 to 10080');
  }
  return value;
}

/**
 * Reduces a device description (browser or OS name, which comes from the request's
 * User-Agent and so from whoever sent it) to letters, digits, spaces and `()_-`, with dots
 * only inside version numbers, at most 40 characters. Without ':', '/' and 'word.word' an
 * attacker cannot smuggle a link, or a domain a mail client would turn into one, into a
 * security alert that Haven sends in its own name.
 */
export function sanitizeDeviceName(value: string, fallback: string): string {
  const cleaned = value
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40)
    .trim();
  return cleaned === '' ? fallback : cleaned;
}

/** One piece of an email body. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'code'; label: string; code: string };

/** What a template hands to the layout: everything already checked, nothing yet escaped. */
export interface EmailContent {
  to: string;
  locale: Locale;
  subject: string;
  blocks: readonly Block[];
  footer: string;
}

/** Builds the plain-text and HTML bodies of an email from its blocks. */
export function renderEmail(content: EmailContent): OutgoingEmail {
  const { to, subject } = content;
  return { to, subject, text: renderText(content), html: renderHtml(content) };
}

function renderText({ blocks, footer }: EmailContent): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      // The label and the value sit on separate lines with no colon, so a text body never
      // reads like "password: <value>" and the link or code stays easy to copy.
      case 'link':
        return `${block.label}\n${block.url}`;
      case 'code':
        return `${block.label}\n\n    ${block.code}`;
    }
  });
  return `${[...parts, '--', footer].join('\n\n')}\n`;
}

function renderHtml({ locale, subject, blocks, footer }: EmailContent): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'link':
        return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
      case 'code':
        return `<p>${escapeHtml(block.label)}</p>\n<p><strong>${escapeHtml(block.code)}</strong></p>`;
    }
  });
  // Plain structure on purpose: a lang attribute for screen readers, a heading, paragraphs
  // and descriptive link text; no tables, images, scripts or remote content.
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(subject)}</h1>`,
    ...body,
    '<hr>',
    `<p><small>${escapeHtml(footer)}</small></p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
