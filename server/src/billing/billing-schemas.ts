/** The shapes of statements and payments over HTTP, for the portal's and the staff's routes. */
import { Type } from 'typebox';
import { MAX_CENTS } from './money.js';
import { DESCRIPTION_MAX_LENGTH, MAX_LINES } from './statement-input.js';

export const Uuid = Type.String({ format: 'uuid' });

const Cents = Type.Integer({ minimum: 0, maximum: MAX_CENTS });

const Line = Type.Object(
  {
    serviceDate: Type.String({ maxLength: 10 }),
    description: Type.String({ maxLength: DESCRIPTION_MAX_LENGTH * 2 }),
    chargeCents: Cents,
    insurancePaidCents: Cents,
    adjustmentCents: Cents,
  },
  { additionalProperties: false },
);

export const PaymentSchema = Type.Object({
  id: Type.String(),
  amountCents: Type.Integer(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('succeeded'),
    Type.Literal('declined'),
  ]),
  at: Type.String(),
  cardBrand: Type.Union([Type.String(), Type.Null()]),
  cardLast4: Type.Union([Type.String(), Type.Null()]),
  declined: Type.Union([Type.String(), Type.Null()]),
  declineCode: Type.Union([
    Type.Literal('card_declined'),
    Type.Literal('insufficient_funds'),
    Type.Literal('expired_card'),
    Type.Literal('invalid_token'),
    Type.Null(),
  ]),
});

export const StatementSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  number: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('cancelled')]),
  issued: Type.String(),
  dueDate: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  lines: Type.Array(Line),
  chargesCents: Type.Integer(),
  insurancePaidCents: Type.Integer(),
  adjustmentsCents: Type.Integer(),
  amountDueCents: Type.Integer(),
  paidCents: Type.Integer(),
  balanceCents: Type.Integer(),
  payments: Type.Array(PaymentSchema),
});

/** How the page gets a card token: where to send the card, and whether money really moves. */
export const ProcessorSchema = Type.Object({
  tokenizeUrl: Type.String(),
  testMode: Type.Boolean(),
});

export const NewStatementBody = Type.Object(
  {
    lines: Type.Array(Line, { maxItems: MAX_LINES * 2 }),
    dueDate: Type.String({ maxLength: 10 }),
  },
  { additionalProperties: false },
);

export const CancellationBody = Type.Object(
  { reason: Type.String({ maxLength: 400 }) },
  { additionalProperties: false },
);

/**
 * A payment: the amount, the processor's token and the attempt's key. No field takes a card
 * number, and no other field is accepted (a card number sent here is refused, never stored).
 */
export const PaymentBody = Type.Object(
  {
    amountCents: Type.Integer({ minimum: 1, maximum: MAX_CENTS }),
    token: Type.String({ minLength: 8, maxLength: 1024, pattern: '^tok_[A-Za-z0-9_.-]+$' }),
    idempotencyKey: Uuid,
  },
  { additionalProperties: false },
);

export const PaymentResultSchema = Type.Object({
  paymentId: Type.String(),
  replayed: Type.Boolean(),
  statement: StatementSchema,
});
