/**
 * The card processor Haven charges statements through. Card numbers never pass through Haven's
 * API: the browser hands the card to the processor (its hosted fields) and Haven receives a
 * token standing for it, which is all `charge` takes. What Haven keeps of a payment is the
 * processor's reference, the token, the card's brand and last 4 digits (DATA-5).
 *
 * `charge` is idempotent on `idempotencyKey`, as processors' APIs are: asked again with the same
 * key, it answers the first outcome and never charges twice. That is what lets a payment cut off
 * mid-way be finished by trying again (statement-payments.ts).
 */
export interface ChargeRequest {
  token: string;
  amountCents: number;
  currency: string;
  idempotencyKey: string;
  now: Date;
}

/** Why a card was not charged. */
export type DeclineReason =
  'card_declined' | 'insufficient_funds' | 'expired_card' | 'invalid_token';

export type ChargeOutcome =
  | { status: 'succeeded'; reference: string; brand: string; last4: string }
  | { status: 'declined'; reason: DeclineReason; brand: string | null; last4: string | null };

export interface CardProcessor {
  /** Stored with each payment, so a reconciliation knows where to look. */
  readonly name: string;
  /** No money moves (the sandbox): the pages say so beside the card form. */
  readonly testMode: boolean;
  /** Where the browser sends the card to get a token. */
  readonly tokenizeUrl: string;
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
}
