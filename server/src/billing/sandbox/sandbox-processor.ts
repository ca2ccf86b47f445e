/**
 * The sandbox card processor: a processor's test mode, for demos, tests and a practice trying
 * Haven before it signs with a live processor. No money moves. It behaves as live processors'
 * test modes do: a few published test card numbers decline, any other valid card is charged,
 * and a charge asked again with the same idempotency key answers the same.
 *
 * It stores nothing, so it cannot keep a card number either: a token carries the brand, last 4
 * digits, expiry and the test outcome, signed with a key derived from the platform key (every
 * Haven node derives the same one, so any node can charge a token another made). The number
 * itself is dropped once checked.
 *
 * A live processor (Stripe, Adyen...) is another CardProcessor behind the same interface, with
 * its own hosted card fields in place of sandbox-routes.ts; none is built yet.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type {
  CardProcessor,
  ChargeOutcome,
  ChargeRequest,
  DeclineReason,
} from '../card-processor.js';
import { checkedCard, hasExpired, type CardDetails } from './card-checks.js';

export const SANDBOX_TOKENIZE_PATH = '/payment-sandbox/v1/tokens';
const TOKEN_PREFIX = 'tok_sbx_';

/** Test cards that do not go through, as processors publish them for their test modes. */
export const SANDBOX_DECLINING_CARDS: Readonly<Record<string, DeclineReason>> = {
  '4000000000000002': 'card_declined',
  '4000000000009995': 'insufficient_funds',
};

interface TokenClaims {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  outcome: 'ok' | DeclineReason;
  nonce: string;
}

export interface SandboxToken {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export class SandboxProcessor implements CardProcessor {
  readonly name = 'sandbox';
  readonly testMode = true;
  readonly tokenizeUrl = SANDBOX_TOKENIZE_PATH;
  readonly #secret: () => Promise<Buffer>;

  /** `secret`: the signing key, derived where it is needed (see sandboxSecret). */
  constructor(secret: () => Promise<Buffer>) {
    this.#secret = secret;
  }

  /** The card checked and turned into a token; the number goes no further than this call. */
  async tokenize(card: CardDetails, now: Date): Promise<SandboxToken> {
    const checked = checkedCard(card, now);
    const claims: TokenClaims = {
      brand: checked.brand,
      last4: checked.digits.slice(-4),
      expMonth: checked.expMonth,
      expYear: checked.expYear,
      outcome: SANDBOX_DECLINING_CARDS[checked.digits] ?? 'ok',
      nonce: randomBytes(12).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    const token = `${TOKEN_PREFIX}${body}.${await this.#sign(`token:${body}`)}`;
    const { brand, last4, expMonth, expYear } = claims;
    return { token, brand, last4, expMonth, expYear };
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const claims = await this.#claims(request.token);
    if (claims === undefined) {
      return { status: 'declined', reason: 'invalid_token', brand: null, last4: null };
    }
    const card = { brand: claims.brand, last4: claims.last4 };
    if (hasExpired(claims.expMonth, claims.expYear, request.now)) {
      return { status: 'declined', reason: 'expired_card', ...card };
    }
    if (claims.outcome !== 'ok') return { status: 'declined', reason: claims.outcome, ...card };
    // The same key, token and amount give the same reference: asked again, the same charge.
    const charged = `charge:${request.idempotencyKey}:${request.token}:${request.amountCents}`;
    const reference = `ch_sbx_${(await this.#sign(charged)).slice(0, 24)}`;
    return { status: 'succeeded', reference, ...card };
  }

  async #claims(token: string): Promise<TokenClaims | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const [body, signature, ...rest] = token.slice(TOKEN_PREFIX.length).split('.');
    if (body === undefined || signature === undefined || rest.length > 0) return undefined;
    const expected = Buffer.from(await this.#sign(`token:${body}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
  }

  async #sign(message: string): Promise<string> {
    return createHmac('sha256', await this.#secret())
      .update(message)
      .digest('base64url');
  }
}

/** The sandbox's signing key from a platform-wide key: one purpose, one derived key. */
export function sandboxSecret(platformKey: Buffer): Buffer {
  return createHmac('sha256', platformKey).update('haven:payment-sandbox:v1').digest();
}
