/**
 * What a card processor checks of a card before it makes a token: the number (digits, length,
 * the Luhn check digit), its brand from its first digits, the expiry and the security code.
 * Only the sandbox processor runs in Haven's process; a live processor does this on its own
 * servers. Written here because it is a few lines of published arithmetic (ISO/IEC 7812).
 */
import { AppError, type ErrorIssue } from '../../errors/app-error.js';

export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardBrand = 'Visa' | 'Mastercard' | 'American Express' | 'Discover';

/** The brand a card number's first digits name, if one Haven takes. */
export function cardBrand(digits: string): CardBrand | null {
  if (/^4/.test(digits)) return 'Visa';
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(digits)) return 'Mastercard';
  if (/^3[47]/.test(digits)) return 'American Express';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'Discover';
  return null;
}

/** The Luhn check: doubling every second digit from the right, the sum ends in 0. */
export function luhnValid(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return total % 10 === 0;
}

/** The card as the processor keeps it, or a 400 naming each field at fault (never its value). */
export function checkedCard(
  card: CardDetails,
  now: Date,
): { digits: string; brand: CardBrand; expMonth: number; expYear: number } {
  const issues: ErrorIssue[] = [];
  const digits = card.number.replace(/[\s-]/g, '');
  const brand = /^\d{13,19}$/.test(digits) ? cardBrand(digits) : null;
  if (brand === null || !luhnValid(digits)) {
    issues.push({ location: '/number', message: 'is not a card number we can take' });
  }
  if (hasExpired(card.expMonth, card.expYear, now)) {
    issues.push({ location: '/expiry', message: 'has passed or is not a month and year' });
  }
  const cvcLength = brand === 'American Express' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc)) {
    issues.push({ location: '/cvc', message: `must be the ${cvcLength} digits on the card` });
  }
  if (issues.length > 0 || brand === null) {
    throw new AppError('validation_failed', 'The card details are not complete.', issues);
  }
  return { digits, brand, expMonth: card.expMonth, expYear: card.expYear };
}

/** A card is good through the last day of its expiry month. */
export function hasExpired(month: number, year: number, now: Date): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12) return true;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) return true;
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  return year < thisYear || (year === thisYear && month < thisMonth);
}
