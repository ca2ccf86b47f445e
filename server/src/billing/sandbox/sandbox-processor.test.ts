/**
 * The sandbox processor: cards checked as processors check them, tokens that carry no card
 * number and cannot be forged or altered, and charges idempotent on their key.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cardBrand, checkedCard, hasExpired, luhnValid } from './card-checks.js';
import { SandboxProcessor } from './sandbox-processor.js';

const now = new Date('2026-11-25T12:00:00Z');
const secret = randomBytes(32);
const processor = new SandboxProcessor(() => Promise.resolve(secret));
const card = (number: string) => ({ number, expMonth: 11, expYear: 2026, cvc: '123' });

describe('sandbox card processor', () => {
  it('checks card numbers by Luhn and brand, and expiry to the end of the month', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(cardBrand('5555555555554444')).toBe('Mastercard');
    expect(cardBrand('2223003122003222')).toBe('Mastercard');
    expect(cardBrand('378282246310005')).toBe('American Express');
    expect(cardBrand('6011111111111117')).toBe('Discover');
    expect(cardBrand('9999999999999995')).toBeNull();
    expect(hasExpired(11, 2026, now)).toBe(false);
    expect(hasExpired(10, 2026, now)).toBe(true);
    expect(hasExpired(0, 2027, now)).toBe(true);
    expect(() => checkedCard({ ...card('378282246310005'), cvc: '123' }, now)).toThrow(
      'The card details are not complete.',
    );
    expect(checkedCard({ ...card('3782 822463 10005'), cvc: '1234' }, now).brand).toBe(
      'American Express',
    );
  });

  it('makes tokens without the card number that charge once per key, and refuses altered ones', async () => {
    const made = await processor.tokenize(card('4242 4242 4242 4242'), now);
    expect(made).toMatchObject({ brand: 'Visa', last4: '4242' });
    const [body] = made.token.slice('tok_sbx_'.length).split('.');
    expect(Buffer.from(body ?? '', 'base64url').toString()).not.toContain('424242424242');

    const request = { token: made.token, amountCents: 500, currency: 'USD', now };
    const first = await processor.charge({ ...request, idempotencyKey: 'a' });
    const again = await processor.charge({ ...request, idempotencyKey: 'a' });
    const other = await processor.charge({ ...request, idempotencyKey: 'b' });
    expect(first).toMatchObject({ status: 'succeeded', brand: 'Visa', last4: '4242' });
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);

    // A token whose claims were changed (a declining card made to pass) is refused.
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as object;
    const altered = Buffer.from(JSON.stringify({ ...claims, last4: '0000' })).toString('base64url');
    const signature = made.token.split('.')[1];
    const forged = await processor.charge({
      ...request,
      token: `tok_sbx_${altered}.${signature}`,
      idempotencyKey: 'c',
    });
    expect(forged).toMatchObject({ status: 'declined', reason: 'invalid_token' });
    // Another deployment's token is not this one's.
    const elsewhere = new SandboxProcessor(() => Promise.resolve(randomBytes(32)));
    const theirs = await elsewhere.tokenize(card('4242424242424242'), now);
    expect(
      await processor.charge({ ...request, token: theirs.token, idempotencyKey: 'd' }),
    ).toMatchObject({
      reason: 'invalid_token',
    });
    // A card that expires before the charge.
    const later = new Date('2027-01-01T00:00:00Z');
    expect(await processor.charge({ ...request, now: later, idempotencyKey: 'e' })).toMatchObject({
      status: 'declined',
      reason: 'expired_card',
    });
  });

  it('declines the published test cards', async () => {
    const declined = await processor.tokenize(card('4000000000000002'), now);
    const outcome = await processor.charge({
      token: declined.token,
      amountCents: 100,
      currency: 'USD',
      idempotencyKey: 'x',
      now,
    });
    expect(outcome).toEqual({
      status: 'declined',
      reason: 'card_declined',
      brand: 'Visa',
      last4: '0002',
    });
  });
});
