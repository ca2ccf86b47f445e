/**
 * Turning the staff console's patient search (name, date of birth, MRN) into the FHIR search
 * plan the gate already runs, so there is one search in Haven, not two. Input mistakes are told
 * in plain words against the field the person typed in, never echoing what they typed.
 */
import { AppError, type ErrorIssue } from '../errors/app-error.js';
import { isCalendarDate } from '../fhir/calendar-date.js';
import { MIN_PREFIX_LENGTH } from '../fhir/search/search-params.js';
import { parseSearch, type SearchPlan } from '../fhir/search/search-request.js';

/** The console's search terms, as the query string carries them. */
export interface PatientSearchQuery {
  name?: string;
  birthDate?: string;
  mrn?: string;
}

/** At most this many patients are listed: a search is for finding one, not for browsing. */
export const PATIENT_SEARCH_LIMIT = 25;

/** The console's field for each FHIR parameter, so an error points at what was typed. */
const FIELD_OF_PARAM: Record<string, keyof PatientSearchQuery> = {
  name: 'name',
  'name:exact': 'name',
  birthdate: 'birthDate',
  identifier: 'mrn',
};

/** The plan for a staff patient search, or a 400 saying what to fix. */
export function patientSearchPlan(query: PatientSearchQuery): SearchPlan {
  const name = clean(query.name);
  const birthDate = clean(query.birthDate);
  const mrn = clean(query.mrn);
  const issues: ErrorIssue[] = [];
  if (name === undefined && birthDate === undefined && mrn === undefined) {
    throw new AppError(
      'validation_failed',
      'Enter a name, a date of birth or a medical record number to search.',
      [{ location: 'query', message: 'needs at least one search term' }],
    );
  }
  if (birthDate !== undefined && !isCalendarDate(birthDate)) {
    issues.push({ location: 'birthDate', message: 'must be a full date, like 1980-02-03' });
  }
  if (mrn !== undefined && /[,|\\]/.test(mrn)) {
    issues.push({ location: 'mrn', message: 'must not contain commas, bars or backslashes' });
  }
  if (issues.length > 0) throw invalid(issues);

  const params: [string, string][] = [];
  if (name !== undefined) params.push(nameParam(name));
  if (birthDate !== undefined) params.push(['birthdate', birthDate]);
  if (mrn !== undefined) params.push(['identifier', mrn]);
  params.push(['_count', String(PATIENT_SEARCH_LIMIT)]);
  try {
    return parseSearch('Patient', params);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw invalid(
      error.issues.map((issue) => ({
        ...issue,
        location: FIELD_OF_PARAM[issue.location ?? ''] ?? issue.location,
      })),
    );
  }
}

/**
 * A name matches by the start of each word (family or given); a comma is a separator people
 * type ("Smith, Robin"), not FHIR's "or". A single word shorter than the indexed prefix (Li,
 * Ng) can still be found as a whole name part.
 */
function nameParam(name: string): [string, string] {
  const words = name.replaceAll(',', ' ').trim().split(/\s+/);
  const [only] = words;
  if (words.length === 1 && only !== undefined && only.length < MIN_PREFIX_LENGTH) {
    return ['name:exact', only];
  }
  return ['name', words.join(' ')];
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function invalid(issues: ErrorIssue[]): AppError {
  const first = issues[0]?.location;
  const message =
    first === 'birthDate'
      ? 'Enter the date of birth as a full date: year, month and day.'
      : first === 'mrn'
        ? 'Enter the medical record number as it is written on the chart.'
        : first === 'name'
          ? `Enter at least ${MIN_PREFIX_LENGTH} letters of each part of the name.`
          : 'The search is not valid.';
  return new AppError('validation_failed', message, issues);
}
