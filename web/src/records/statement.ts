/** Statements and payments as Haven's billing routes answer them (server/src/billing). */
export interface StatementLine {
  serviceDate: string;
  description: string;
  chargeCents: number;
  insurancePaidCents: number;
  adjustmentCents: number;
}

export interface Payment {
  id: string;
  amountCents: number;
  status: 'pending' | 'succeeded' | 'declined';
  at: string;
  cardBrand: string | null;
  cardLast4: string | null;
  declined: string | null;
  declineCode: 'card_declined' | 'insufficient_funds' | 'expired_card' | 'invalid_token' | null;
}

export interface Statement {
  id: string;
  version: number;
  number: string;
  status: 'open' | 'paid' | 'cancelled';
  issued: string;
  dueDate: string | null;
  currency: string;
  lines: StatementLine[];
  chargesCents: number;
  insurancePaidCents: number;
  adjustmentsCents: number;
  amountDueCents: number;
  paidCents: number;
  balanceCents: number;
  payments: Payment[];
}

/** Cents as money in the reader's language ("$65.00", "65,00 US$"). */
export function formatMoney(cents: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

/**
 * What a person typed as an amount ("65", "65.5", "$1,065.00", and in Spanish "65,50") in cents,
 * or undefined when it is not one. A comma groups thousands only before three digits; before
 * one or two at the end it is the decimal mark. Anything else is not read as an amount.
 */
export function centsFromInput(typed: string): number | undefined {
  const bare = typed.replace(/[$\s]|US\$/g, '');
  const plain = /^\d+,\d{1,2}$/.test(bare)
    ? bare.replace(',', '.')
    : /^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(bare)
      ? bare.replaceAll(',', '')
      : bare;
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return undefined;
  const [whole = '0', fraction = ''] = plain.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
