/**
 * Amounts as whole cents inside Haven, as FHIR Money on the Invoice. Cents are integers, so no
 * sum of a statement's lines is ever off by a rounding error; Money's decimal is only how the
 * stored resource says it.
 */
import type { Money } from '@medplum/fhirtypes';

/** The currency of every statement; a practice elsewhere would set its own. */
export const CURRENCY = 'USD';

/** The largest amount one line or payment may hold: a million dollars, in cents. */
export const MAX_CENTS = 100_000_000;

export function money(cents: number): Money {
  return { value: cents / 100, currency: CURRENCY };
}

/** The cents of a stored Money (0 when absent). */
export function centsOf(amount: Money | undefined): number {
  return Math.round((amount?.value ?? 0) * 100);
}
