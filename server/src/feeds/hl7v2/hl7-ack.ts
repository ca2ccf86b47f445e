/**
 * Acknowledgements (original mode): AA accepted, AE accepted but not applied (an application
 * error: invalid data, unsupported content), AR rejected (not parseable, no MSH, a message type
 * or version Haven does not take). MSA-3 and ERR-8 say what was wrong in words Haven wrote:
 * never a value from the message, so an ACK (stored, logged, sent back) holds no patient data.
 */
import { randomBytes } from 'node:crypto';
import type { Hl7Message } from '@medplum/core';
import type { AckCode } from './feed-tables.js';

/** HL7 table 0357 (message error condition codes) that Haven answers with. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  207: 'Application internal error',
};

/** Why a message was not applied; `text` must never quote the message. */
export class FeedError extends Error {
  override readonly name = 'FeedError';
  constructor(
    readonly ack: Exclude<AckCode, 'AA'>,
    readonly hl7Code: number,
    text: string,
    /** Where, as segment^sequence^field (ERR-2), e.g. `OBX^3^5`. */
    readonly location?: string,
  ) {
    super(text);
  }
}

export interface AckOutcome {
  code: AckCode;
  text: string;
  hl7Code?: number;
  location?: string;
}

/** HL7 escaping of text Haven writes into a field. */
export function escapeHl7(text: string): string {
  return text.replace(
    /[\\|^&~]/g,
    (c) => ({ '\\': '\\E\\', '|': '\\F\\', '^': '\\S\\', '&': '\\T\\', '~': '\\R\\' })[c] ?? c,
  );
}

function timestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').replace(/\..*$/, '') + '+0000';
}

/**
 * The ACK for `message` (undefined when it could not be parsed at all: then the header is
 * Haven's own and MSA-2 is empty, as no control id could be read).
 */
export function buildAck(message: Hl7Message | undefined, outcome: AckOutcome, now: Date): string {
  const msh = message?.getSegment('MSH');
  const raw = (field: number): string => msh?.getField(field)?.toString() ?? '';
  const trigger = msh?.getComponent(9, 2) ?? '';
  const header = [
    'MSH',
    '^~\\&',
    raw(5) || 'HAVEN',
    raw(6),
    raw(3),
    raw(4),
    timestamp(now),
    '',
    trigger ? `ACK^${trigger}^ACK` : 'ACK',
    randomBytes(10).toString('hex'),
    raw(11) || 'P',
    raw(12) || '2.5',
  ].join('|');
  const segments = [header, `MSA|${outcome.code}|${raw(10)}|${escapeHl7(outcome.text)}`];
  if (outcome.code !== 'AA') {
    const code = outcome.hl7Code ?? 207;
    const name = ERROR_NAMES[code] ?? 'Application error';
    segments.push(
      `ERR||${outcome.location ?? ''}|${code}^${name}^HL70357|E||||${escapeHl7(outcome.text)}`,
    );
  }
  return segments.join('\r');
}

/** The outcome of a FeedError. */
export function outcomeOf(error: FeedError): AckOutcome {
  return {
    code: error.ack,
    text: error.message,
    hl7Code: error.hl7Code,
    ...(error.location ? { location: error.location } : {}),
  };
}

/** `OBX^3^5` (ERR-2: segment, its sequence, field) as people read it: `OBX-5 (OBX 3)`. */
export function fieldLabel(location: string): string {
  const [segment, sequence, field] = location.split('^');
  return field ? `${segment}-${field} (${segment} ${sequence})` : location;
}
