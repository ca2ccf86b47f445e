/**
 * Parsing a FHIR search (`GET /fhir/R4/Observation?patient=...&code=...`) into a plan: which
 * terms must match, which date ranges, the patient compartment, paging and sort. Anything Haven
 * does not support is refused with a 400 naming the parameter, never silently ignored, so a
 * client never mistakes a partial answer for a complete one.
 */
import { AppError, type ErrorIssue } from '../../errors/app-error.js';
import { normaliseForBlindIndex } from '../../crypto/index.js';
import { dateRange, type DateRange } from './search-dates.js';
import { COMPARTMENT_PARAMS, MIN_PREFIX_LENGTH, supportedParam } from './search-params.js';

/** Date comparison prefixes (FHIR search, 3.1.1.4.2.1). */
export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** One parameter's condition: any of its comma-separated values, each a set of terms all found. */
export interface TermCondition {
  param: string;
  anyOf: string[][];
}

export interface DateCondition {
  param: string;
  prefix: DatePrefix;
  range: DateRange;
}

export interface SearchPlan {
  resourceType: string;
  patientIds?: string[];
  ids?: string[];
  terms: TermCondition[];
  dates: DateCondition[];
  lastUpdated: Omit<DateCondition, 'param'>[];
  sort: { field: string; descending: boolean }[];
  count: number;
  offset: number;
  include: string[];
  revinclude: string[];
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXES: readonly DatePrefix[] = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];

export function parseSearch(resourceType: string, query: readonly [string, string][]): SearchPlan {
  const plan: SearchPlan = {
    resourceType,
    terms: [],
    dates: [],
    lastUpdated: [],
    sort: [],
    count: DEFAULT_COUNT,
    offset: 0,
    include: [],
    revinclude: [],
  };
  const issues: ErrorIssue[] = [];
  for (const [rawName, value] of query) {
    const [name = '', modifier] = rawName.split(':', 2);
    try {
      applyParam(plan, name, modifier, value);
    } catch (error) {
      if (!(error instanceof SearchParamError)) throw error;
      issues.push({ location: rawName, message: error.message });
    }
  }
  if (issues.length > 0)
    throw new AppError('validation_failed', 'The search is not valid.', issues);
  return plan;
}

class SearchParamError extends Error {}
const fail = (message: string): never => {
  throw new SearchParamError(message);
};

function applyParam(plan: SearchPlan, name: string, modifier: string | undefined, value: string) {
  const values = value.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) fail('has an empty value');
  switch (name) {
    case '_id':
      if (!values.every((v) => UUID.test(v))) fail('must be resource ids');
      plan.ids = [...(plan.ids ?? []), ...values.map((v) => v.toLowerCase())];
      return;
    case '_lastUpdated':
      plan.lastUpdated.push(dateCondition(name, value));
      return;
    case '_count': {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0) fail('must be a whole number');
      plan.count = Math.min(count, MAX_COUNT);
      return;
    }
    case '_offset': {
      const offset = Number(value);
      if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) fail('is out of range');
      plan.offset = offset;
      return;
    }
    case '_sort':
      plan.sort = values.map((v) => sortKey(plan.resourceType, v));
      return;
    case '_include':
    case '_revinclude':
      (name === '_include' ? plan.include : plan.revinclude).push(...values);
      return;
    case '_format':
      if (!['json', 'application/fhir+json', 'application/json'].includes(value)) {
        fail('only JSON is supported');
      }
      return;
  }
  if (modifier !== undefined && modifier !== 'exact') fail('modifier is not supported');
  if (
    COMPARTMENT_PARAMS.includes(name) &&
    plan.resourceType !== 'Patient' &&
    !supportedParam(plan.resourceType, name)
  ) {
    const ids = values.map((v) => v.replace(/^Patient\//, ''));
    if (!ids.every((id) => UUID.test(id))) fail('must name patients');
    plan.patientIds = [...(plan.patientIds ?? []), ...ids.map((id) => id.toLowerCase())];
    return;
  }
  const param =
    supportedParam(plan.resourceType, name) ?? fail('is not a supported search parameter');
  if (param.type === 'date' && !param.blind) {
    plan.dates.push({ param: name, ...dateCondition(name, value) });
    return;
  }
  if (modifier === 'exact' && param.type !== 'string') fail(':exact applies to strings only');
  plan.terms.push({
    param: name,
    anyOf: values.map((v) => termsFor(param.type, param.blind, v, modifier)),
  });
}

function termsFor(type: string, blind: boolean, value: string, modifier: string | undefined) {
  if (blind) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) fail('must be a full date (YYYY-MM-DD)');
    return [`d:${value}`];
  }
  if (type === 'reference') return [`r:${value}`];
  if (type === 'token') {
    const bar = value.indexOf('|');
    if (bar < 0) return [`c:${value}`];
    if (bar === value.length - 1) fail('a system without a code is not supported');
    return [`sc:${value}`];
  }
  let normalised = '';
  try {
    normalised = normaliseForBlindIndex('name', value);
  } catch {
    fail('has nothing to search for');
  }
  if (modifier === 'exact') return [`e:${normalised}`];
  const words = normalised.split(' ');
  if (words.some((w) => w.length < MIN_PREFIX_LENGTH)) {
    fail(`each word needs at least ${MIN_PREFIX_LENGTH} letters`);
  }
  return words.map((w) => `p:${w.slice(0, 24)}`);
}

function dateCondition(name: string, value: string): Omit<DateCondition, 'param'> {
  if (value.includes(',')) fail('takes one value; repeat the parameter for a range');
  const prefix = PREFIXES.find((p) => value.startsWith(p)) ?? 'eq';
  const text = PREFIXES.includes(value.slice(0, 2) as DatePrefix) ? value.slice(2) : value;
  const range = dateRange(text) ?? fail(`${name} must be a FHIR date`);
  return { prefix, range };
}

function sortKey(resourceType: string, value: string) {
  const descending = value.startsWith('-');
  const field = descending ? value.slice(1) : value;
  const param = supportedParam(resourceType, field);
  if (field !== '_lastUpdated' && field !== '_id' && !(param?.type === 'date' && !param.blind)) {
    fail('can sort by _lastUpdated, _id or a date parameter');
  }
  return { field, descending };
}
