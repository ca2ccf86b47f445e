/**
 * The change-request form's fields as strings (starting from what the practice holds, kept
 * whatever happens) and the request body built from them: only the fields the practice lets
 * the patient ask about, only those that differ. Problems are found here, before anything is
 * sent, so each message sits next to its field.
 */
import type { Identity, IdentityField, RequestedChanges } from './use-self-service';

export interface ChangeFields {
  /** First and middle names, separated by spaces. */
  givenNames: string;
  familyName: string;
  /** YYYY-MM-DD, or empty. */
  birthDate: string;
  /** A gender code, or empty when none is recorded. */
  gender: string;
  reason: string;
}

export const MOST_GIVEN_NAMES = 3;
export const MOST_REASON = 1000;

export type ChangeProblem =
  | 'givenNamesMissing'
  | 'givenNamesTooMany'
  | 'familyNameMissing'
  | 'birthDateInvalid'
  | 'birthDateFuture'
  | 'reasonMissing'
  | 'reasonTooLong'
  | 'nothingChanged';

export type ChangeProblems = Partial<
  Record<'givenNames' | 'familyName' | 'birthDate' | 'reason' | 'form', ChangeProblem>
>;

const words = (value: string) => value.trim().split(/\s+/).filter(Boolean);

export function changeFieldsFrom(identity: Identity): ChangeFields {
  return {
    givenNames: identity.givenNames.join(' '),
    familyName: identity.familyName,
    birthDate: identity.birthDate ?? '',
    gender: identity.gender ?? '',
    reason: '',
  };
}

/** A real calendar day written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * The request body, or what is wrong with the fields. `asking` is the fields the practice
 * lets the patient ask about; the others are never sent, whatever the fields hold. `today`
 * (YYYY-MM-DD, UTC as the server counts it) is the latest birth date there can be.
 */
export function changeRequestFrom(
  fields: ChangeFields,
  identity: Identity,
  asking: readonly IdentityField[],
  today = new Date().toISOString().slice(0, 10),
): { body: { changes: RequestedChanges; reason: string } } | { problems: ChangeProblems } {
  const problems: ChangeProblems = {};
  const changes: RequestedChanges = {};

  if (asking.includes('name')) {
    const given = words(fields.givenNames);
    const family = fields.familyName.trim().replace(/\s+/g, ' ');
    if (given.length === 0) problems.givenNames = 'givenNamesMissing';
    else if (given.length > MOST_GIVEN_NAMES) problems.givenNames = 'givenNamesTooMany';
    if (!family) problems.familyName = 'familyNameMissing';
    const sameGiven = given.join(' ') === words(identity.givenNames.join(' ')).join(' ');
    if (!sameGiven || family !== identity.familyName.trim()) {
      // Unchanged given names go back as the practice holds them ("Mary Ann" stays one name).
      changes.name = { givenNames: sameGiven ? identity.givenNames : given, familyName: family };
    }
  }
  if (asking.includes('birthDate')) {
    const birthDate = fields.birthDate.trim();
    if (birthDate !== (identity.birthDate ?? '')) {
      if (!isCalendarDate(birthDate)) problems.birthDate = 'birthDateInvalid';
      else if (birthDate > today) problems.birthDate = 'birthDateFuture';
      else changes.birthDate = birthDate;
    }
  }
  if (asking.includes('gender') && fields.gender && fields.gender !== (identity.gender ?? '')) {
    changes.gender = fields.gender;
  }

  const reason = fields.reason.trim();
  if (!reason) problems.reason = 'reasonMissing';
  else if (reason.length > MOST_REASON) problems.reason = 'reasonTooLong';
  const fieldProblem = problems.givenNames ?? problems.familyName ?? problems.birthDate;
  if (!fieldProblem && Object.keys(changes).length === 0) problems.form = 'nothingChanged';

  if (Object.keys(problems).length > 0) return { problems };
  return { body: { changes, reason } };
}
