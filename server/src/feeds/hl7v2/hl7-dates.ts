/**
 * HL7 v2 dates and times (DT, DTM/TS: YYYY[MM[DD[HHMM[SS[.S...]]]]][+/-ZZZZ]) to FHIR. medplum's
 * parseHl7DateTime turns anything unreadable into 1900-01-01, which would store a false date,
 * so these are strict: empty is absent, malformed is an AE naming the field.
 */
import { FeedError, fieldLabel } from './hl7-ack.js';

const DTM = /^(\d{4})(\d{2})?(\d{2})?(?:(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,4}))?)?([+-]\d{4})?$/;

interface Parts {
  year: string;
  month?: string | undefined;
  day?: string | undefined;
  hour?: string | undefined;
  minute?: string | undefined;
  second?: string | undefined;
  fraction?: string | undefined;
  offset?: string | undefined;
}

function parts(raw: string, location: string): Parts | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  const m = DTM.exec(trimmed);
  const bad = () =>
    new FeedError('AE', 102, `${fieldLabel(location)} is not a valid HL7 date/time.`, location);
  if (!m) throw bad();
  const [, year, month, day, hour, minute, second, fraction, offset] = m;
  const p: Parts = { year: year!, month, day, hour, minute, second, fraction, offset };
  const y = Number(p.year);
  const mo = Number(p.month ?? '01');
  const d = Number(p.day ?? '01');
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) throw bad();
  if (Number(p.hour ?? 0) > 23 || Number(p.minute ?? 0) > 59 || Number(p.second ?? 0) > 59) {
    throw bad();
  }
  if (p.offset && (Number(p.offset.slice(1, 3)) > 14 || Number(p.offset.slice(3)) > 59))
    throw bad();
  return p;
}

/** A FHIR date (YYYY, YYYY-MM or YYYY-MM-DD): the date as the sender wrote it, time dropped. */
export function fhirDate(raw: string, location: string): string | undefined {
  const p = parts(raw, location);
  if (!p) return undefined;
  return [p.year, p.month, p.day].filter(Boolean).join('-');
}

/**
 * A FHIR dateTime. FHIR needs a zone once there is a time; a sender that gives none is read as
 * UTC (documented: configure senders to send offsets).
 */
export function fhirDateTime(raw: string, location: string): string | undefined {
  const p = parts(raw, location);
  if (!p) return undefined;
  const date = [p.year, p.month, p.day].filter(Boolean).join('-');
  if (!p.hour || !p.day) return date;
  const fraction = p.fraction ? `.${p.fraction}` : '';
  const zone = p.offset ? `${p.offset.slice(0, 3)}:${p.offset.slice(3)}` : 'Z';
  return `${date}T${p.hour}:${p.minute ?? '00'}:${p.second ?? '00'}${fraction}${zone}`;
}

/** A FHIR instant (full precision), or undefined when the value is not precise to the second. */
export function fhirInstant(raw: string, location: string): string | undefined {
  const p = parts(raw, location);
  if (!p?.day || !p.hour) return undefined;
  const dateTime = fhirDateTime(raw, location);
  return dateTime ? new Date(dateTime).toISOString() : undefined;
}
