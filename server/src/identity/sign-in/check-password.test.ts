import { describe, expect, it } from 'vitest';
import { hashPassword } from '../password-hashing.js';
import { checkPassword } from './sign-in-service.js';

async function medianMs(work: () => Promise<unknown>, runs = 7): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

describe('password check at sign-in', () => {
  it('takes the same time whether or not the account exists', async () => {
    const account = { passwordHash: await hashPassword('the-real-password-123') };
    await checkPassword(undefined, 'warm-up');
    expect(await checkPassword(account, 'the-real-password-123')).toBe(true);
    expect(await checkPassword(account, 'wrong')).toBe(false);
    expect(await checkPassword(undefined, 'anything')).toBe(false);
    expect(await checkPassword({ passwordHash: null }, 'anything')).toBe(false);
    const known = await medianMs(() => checkPassword(account, 'wrong-password'));
    const unknown = await medianMs(() => checkPassword(undefined, 'wrong-password'));
    // Both run one argon2id verification (milliseconds); skipping it would be ~1000x faster.
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });
});
