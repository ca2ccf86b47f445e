/**
 * The open record's statements (GET /api/me/billing/statements), and paying one: the card goes
 * to the card processor, which answers a token; only the token goes to Haven.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, apiPost, errorFrom } from '../../api/client';
import type { Statement } from '../../records/statement';
import { recordKey, useOpenRecord } from '../frame/open-record';

export interface StatementListing {
  statements: Statement[];
  canPay: boolean;
  /** The card processor; null when card payment is not set up at the practice. */
  processor: { tokenizeUrl: string; testMode: boolean } | null;
}

export function useStatements() {
  const record = useOpenRecord();
  return useQuery({
    queryKey: recordKey(record, 'statements'),
    queryFn: () => apiGet<StatementListing>('/api/me/billing/statements'),
  });
}

export interface CardEntry {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/**
 * The card to the processor, without Haven's session cookie or CSRF token: with a live
 * processor this is another company's server, and the card never passes through Haven's API.
 */
async function tokenize(url: string, card: CardEntry): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(card),
    });
  } catch {
    throw new ApiError(0, 'network', 'The card processor could not be reached. Try again.');
  }
  if (!response.ok) throw await errorFrom(response);
  return ((await response.json()) as { token: string }).token;
}

export interface PaymentAnswer {
  paymentId: string;
  replayed: boolean;
  statement: Statement;
}

/** Pays `amountCents` of the statement; `idempotencyKey` is the attempt's (kept across retries). */
export function usePayStatement(statementId: string, tokenizeUrl: string) {
  const record = useOpenRecord();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (payment: {
      card: CardEntry;
      amountCents: number;
      idempotencyKey: string;
    }) => {
      const token = await tokenize(tokenizeUrl, payment.card);
      return apiPost<PaymentAnswer>(`/api/me/billing/statements/${statementId}/payments`, {
        amountCents: payment.amountCents,
        token,
        idempotencyKey: payment.idempotencyKey,
      });
    },
    // The answer carries the statement as it now stands: shown at once, then read again.
    onSuccess: (answer) => {
      queryClient.setQueryData<StatementListing>(
        recordKey(record, 'statements'),
        (listing) =>
          listing && {
            ...listing,
            statements: listing.statements.map((s) =>
              s.id === answer.statement.id ? answer.statement : s,
            ),
          },
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: recordKey(record, 'statements') });
    },
  });
}
