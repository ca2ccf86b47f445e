/**
 * Reading HL7 v2 text: normalising what arrives (a BOM, `\n` or `\r\n` segment ends from files
 * and badly behaved senders; real feeds use `\r`), parsing with medplum's Hl7Message, and
 * reading fields. medplum splits repetitions and components but leaves subcomponents and
 * escape sequences alone, so values are read through here: split, then unescaped.
 */
import { Hl7Message, type Hl7Segment } from '@medplum/core';
import { FeedError } from './hl7-ack.js';

const SEGMENT = /^[A-Z][A-Z0-9]{2}(\|.*)?$/;

/** BOM stripped, every line end `\r`, no blank segments. */
export function normaliseMessage(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .join('\r');
}

/**
 * Parses a normalised message; a FeedError (AR) when it is not HL7 v2 at all: no MSH first,
 * delimiters other than the standard ones, a line that is not a segment, or no type or
 * control id in the header.
 */
export function parseMessage(text: string): Hl7Message {
  if (!text.startsWith('MSH|^~\\&')) {
    throw new FeedError(
      'AR',
      100,
      'The message must start with an MSH segment using the standard delimiters |^~\\&.',
      'MSH^1',
    );
  }
  const lines = text.split('\r');
  const bad = lines.findIndex((line) => !SEGMENT.test(line));
  if (bad >= 0) {
    throw new FeedError('AR', 100, `Line ${bad + 1} of the message is not an HL7 segment.`);
  }
  let message: Hl7Message;
  try {
    message = Hl7Message.parse(text);
  } catch {
    throw new FeedError('AR', 100, 'The message could not be parsed as HL7 v2.');
  }
  const msh = message.getSegment('MSH');
  if (!msh || !msh.getComponent(9, 1) || !msh.getComponent(9, 2)) {
    throw new FeedError('AR', 101, 'MSH-9 (message type and trigger event) is missing.', 'MSH^1^9');
  }
  if (!msh.getField(10)?.toString()) {
    throw new FeedError('AR', 101, 'MSH-10 (message control id) is missing.', 'MSH^1^10');
  }
  return message;
}

const ESCAPES: Readonly<Record<string, string>> = { F: '|', S: '^', T: '&', R: '~', E: '\\' };

/** Decodes HL7 escape sequences (\F\ \S\ \T\ \R\ \E\ \.br\ \Xhh\); others are dropped. */
export function unescapeHl7(value: string): string {
  return value.replace(/\\([^\\]*)\\/g, (_all, code: string) => {
    if (code in ESCAPES) return ESCAPES[code] ?? '';
    if (code === '.br') return '\n';
    if (/^X([0-9A-Fa-f]{2})+$/.test(code))
      return Buffer.from(code.slice(1), 'hex').toString('latin1');
    return '';
  });
}

/** The repetitions of a field, each as its raw components (escapes still in). */
export function repetitions(segment: Hl7Segment | undefined, field: number): string[][] {
  const components = segment?.getField(field)?.components ?? [];
  return components.filter((rep) => rep.some((c) => c !== ''));
}

/** Component `n` (1-based) of a field's repetition `rep`, raw. */
export function rawComponent(
  segment: Hl7Segment | undefined,
  field: number,
  n = 1,
  rep = 0,
): string {
  return segment?.getField(field)?.components[rep]?.[n - 1] ?? '';
}

/** A component's subcomponent `n` (1-based), unescaped and trimmed. */
export function sub(raw: string | undefined, n: number): string {
  return unescapeHl7((raw ?? '').split('&')[n - 1] ?? '').trim();
}

/** A component's text, unescaped and trimmed (subcomponents joined with spaces). */
export function text(raw: string | undefined): string {
  return (raw ?? '')
    .split('&')
    .map((part) => unescapeHl7(part).trim())
    .filter(Boolean)
    .join(' ');
}

/** Component `n` of field `field` (first repetition), as text. */
export function value(segment: Hl7Segment | undefined, field: number, n = 1): string {
  return text(rawComponent(segment, field, n));
}
