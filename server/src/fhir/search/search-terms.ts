/**
 * What a resource is found by: each supported parameter's values (evaluated with FHIRPath over
 * the R4 expression) turned into search terms. Token, string, reference and identifying-date
 * terms are later keyed with the tenant's blind-index key (search-index.ts), so the index holds
 * no code, name or identifier in clear; other dates stay in clear as ranges, for range queries.
 */
import { evalFhirPathTyped, toTypedValue, type TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { normaliseForBlindIndex } from '../../crypto/index.js';
import { dateRange, type DateRange } from './search-dates.js';
import { supportedParams, type SupportedParam } from './search-params.js';

/** A term to match exactly, before keying: `sc:system|code`, `c:code`, `p:smi`, `r:Type/id`... */
export interface TokenTerm {
  param: string;
  term: string;
}

/** A date value as a closed range of instants. */
export interface DateTerm extends DateRange {
  param: string;
}

// An open end of a period, within what every driver and PostgreSQL store as a plain timestamp.
const OPEN_START = new Date('0001-01-01T00:00:00.000Z');
const OPEN_END = new Date('9999-12-31T23:59:59.999Z');

import { MIN_PREFIX_LENGTH as MIN_PREFIX } from './search-params.js';
const MAX_PREFIX = 24;

export function extractSearchTerms(resource: Resource): { tokens: TokenTerm[]; dates: DateTerm[] } {
  const tokens = new Map<string, TokenTerm>();
  const dates: DateTerm[] = [];
  const input = [toTypedValue(resource)];
  for (const param of supportedParams(resource.resourceType)) {
    for (const value of evalFhirPathTyped(param.atom, input)) {
      if (param.type === 'date' && !param.blind) {
        const range = dateValueRange(value);
        if (range) dates.push({ param: param.code, ...range });
        continue;
      }
      for (const term of termsOf(param, value))
        tokens.set(`${param.code}\0${term}`, { param: param.code, term });
    }
  }
  return { tokens: [...tokens.values()], dates };
}

function termsOf(param: SupportedParam, value: TypedValue): string[] {
  switch (param.type) {
    case 'token':
      return tokenTerms(value);
    case 'string':
      return stringTerms(value);
    case 'reference': {
      const reference = (value.value as { reference?: string } | undefined)?.reference;
      return reference ? referenceTerms(reference) : [];
    }
    case 'date':
      // An identifying date (birth date): matched exactly on its calendar day.
      return typeof value.value === 'string' ? [`d:${value.value.slice(0, 10)}`] : [];
  }
}

/** Terms of a token value: `system|code` and `code`, for codings, identifiers and codes. */
export function tokenTerms(value: TypedValue): string[] {
  const v = value.value as unknown;
  if (typeof v === 'string' || typeof v === 'boolean') return [`c:${String(v)}`];
  if (v === null || typeof v !== 'object') return [];
  const codings = (v as { coding?: { system?: string; code?: string }[] }).coding;
  const pairs: { system?: string | undefined; code?: string | undefined }[] = codings
    ? codings
    : [
        {
          system: (v as { system?: string }).system,
          code: (v as { code?: string; value?: string }).code ?? (v as { value?: string }).value,
        },
      ];
  return pairs.flatMap(({ system, code }) =>
    code ? [`c:${code}`, `sc:${system ?? ''}|${code}`] : [],
  );
}

/** Terms of a string value: the whole normalised text, and each word's prefixes from 3 letters. */
export function stringTerms(value: TypedValue): string[] {
  const texts = stringsOf(value.value);
  const terms = new Set<string>();
  for (const text of texts) {
    let normalised: string;
    try {
      normalised = normaliseForBlindIndex('name', text);
    } catch {
      continue; // nothing indexable left (punctuation only)
    }
    terms.add(`e:${normalised}`);
    for (const word of normalised.split(' ')) {
      for (let length = MIN_PREFIX; length <= Math.min(word.length, MAX_PREFIX); length++) {
        terms.add(`p:${word.slice(0, length)}`);
      }
    }
  }
  return [...terms];
}

/** The text parts of a string, HumanName or Address value that string search looks at. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  const parts = value as Record<string, unknown>;
  const keys = [
    'text',
    'family',
    'given',
    'prefix',
    'suffix',
    'line',
    'city',
    'district',
    'state',
    'postalCode',
    'country',
  ];
  return keys.flatMap((key) => {
    const part = parts[key];
    if (typeof part === 'string') return [part];
    return Array.isArray(part) ? part.filter((p): p is string => typeof p === 'string') : [];
  });
}

/** `Type/id` and the bare id, so `patient=123` and `patient=Patient/123` both match. */
export function referenceTerms(reference: string): string[] {
  const slash = reference.lastIndexOf('/');
  return slash > 0 ? [`r:${reference}`, `r:${reference.slice(slash + 1)}`] : [`r:${reference}`];
}

function dateValueRange(value: TypedValue): DateRange | undefined {
  const v = value.value as unknown;
  if (typeof v === 'string') return dateRange(v);
  if (v && typeof v === 'object' && ('start' in v || 'end' in v)) {
    const period = v as { start?: string; end?: string };
    const start = period.start ? dateRange(period.start) : undefined;
    const end = period.end ? dateRange(period.end) : undefined;
    if (!start && !end) return undefined;
    return {
      low: start?.low ?? OPEN_START,
      high: end?.high ?? OPEN_END,
    };
  }
  return undefined;
}
