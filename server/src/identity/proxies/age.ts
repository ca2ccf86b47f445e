/**
 * Age by the calendar, and what it means for an account (CHILD-1, CHILD-2). Pure: no clock is
 * read here, the caller passes `on`/`now`, so a rule can be tested on any day.
 */
import { AppError } from '../../errors/app-error.js';
import { isCalendarDate } from '../../fhir/calendar-date.js';

/** Under this age a patient has no account of their own (CHILD-1). */
export const OWN_ACCOUNT_AGE = 13;
/** From this age a patient is an adult: no guardian consent, guardian grants end (CHILD-2). */
export const ADULT_AGE = 18;

/**
 * What a person of a given age may have:
 * - `no_own_account`: under 13. No account of their own and self-registration is refused; a
 *   parent or guardian gets proxy access instead.
 * - `needs_guardian_consent`: 13 to 17. Their own account is active only once a guardian's
 *   consent is recorded.
 * - `adult`: 18 or over.
 */
export type AccountEligibility = 'no_own_account' | 'needs_guardian_consent' | 'adult';

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses `YYYY-MM-DD`, refusing dates that do not exist (`2023-02-29`, `2024-13-01`). */
export function parseDateOfBirth(dateOfBirth: string): CalendarDate {
  if (!isCalendarDate(dateOfBirth)) throw invalidDate();
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  if (year < 1) throw invalidDate();
  return { year, month, day };
}

function invalidDate(): AppError {
  return new AppError('validation_failed', 'The date of birth must be a date as YYYY-MM-DD.', [
    { location: 'dateOfBirth', message: 'must be an existing calendar date as YYYY-MM-DD' },
  ]);
}

/**
 * The calendar date of an instant: in UTC by default, or in an IANA time zone (the practice's),
 * since a birthday starts at local midnight, not UTC midnight.
 */
export function calendarDateOf(on: Date, timeZone = 'UTC'): CalendarDate {
  if (Number.isNaN(on.getTime())) throw new RangeError('calendarDateOf needs a valid Date');
  if (timeZone === 'UTC') {
    return { year: on.getUTCFullYear(), month: on.getUTCMonth() + 1, day: on.getUTCDate() };
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(on);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

/**
 * Whole years completed between `dateOfBirth` (`YYYY-MM-DD`) and the calendar date of `on`.
 *
 * Exact by the calendar: the birthday itself counts (a child born 2010-05-01 is 13 on
 * 2023-05-01). Someone born on 29 February turns a year older on 1 March in a non-leap year
 * (and on 29 February in a leap year), the common legal reading, and what comparing
 * (month, day) pairs gives without special cases: 28 Feb comes before 29 Feb, 1 Mar after.
 *
 * A date of birth after `on` is refused (validation_failed) rather than giving a negative age.
 */
export function ageInYears(dateOfBirth: string, on: Date, timeZone = 'UTC'): number {
  const born = parseDateOfBirth(dateOfBirth);
  const today = calendarDateOf(on, timeZone);
  let age = today.year - born.year;
  if (today.month < born.month || (today.month === born.month && today.day < born.day)) age -= 1;
  if (age < 0) {
    throw new AppError('validation_failed', 'The date of birth is in the future.', [
      { location: 'dateOfBirth', message: 'must not be after today' },
    ]);
  }
  return age;
}

/** What kind of account a person born on `dateOfBirth` may have at `now` (CHILD-1, CHILD-2). */
export function accountEligibility(
  dateOfBirth: string,
  now: Date,
  timeZone = 'UTC',
): AccountEligibility {
  return eligibilityAtAge(ageInYears(dateOfBirth, now, timeZone));
}

/** The eligibility for an age in whole years. */
export function eligibilityAtAge(age: number): AccountEligibility {
  if (age < OWN_ACCOUNT_AGE) return 'no_own_account';
  if (age < ADULT_AGE) return 'needs_guardian_consent';
  return 'adult';
}

/**
 * Refuses self-registration for someone under 13 (CHILD-1): they are a patient only under a
 * provider's care, reached through a guardian's proxy access. Returns the eligibility otherwise.
 */
export function assertMayRegisterOwnAccount(dateOfBirth: string, now: Date): AccountEligibility {
  const eligibility = accountEligibility(dateOfBirth, now);
  if (eligibility === 'no_own_account') {
    throw new AppError(
      'forbidden',
      'Children under 13 cannot have their own account; a parent or guardian can be given access.',
    );
  }
  return eligibility;
}
