import { describe, expect, it } from 'vitest';
import { centsFromInput, formatMoney } from './statement';

describe('amounts typed and shown', () => {
  it('reads dollars and cents as people type them, in English and Spanish', () => {
    expect(centsFromInput('65')).toBe(6500);
    expect(centsFromInput('65.5')).toBe(6550);
    expect(centsFromInput(' $1,065.00 ')).toBe(106500);
    expect(centsFromInput('65,50')).toBe(6550);
    expect(centsFromInput('65,5')).toBe(6550);
    expect(centsFromInput('1,234,567')).toBe(123456700);
    for (const bad of ['', '6,55,0', '65.505', '-5', '1e3', 'sixty', '65,5000']) {
      expect(centsFromInput(bad), bad).toBeUndefined();
    }
  });

  it('shows cents as money in the reader’s language', () => {
    expect(formatMoney(6550, 'USD', 'en-US')).toBe('$65.50');
    expect(formatMoney(6550, 'USD', 'es')).toMatch(/^65,50\s?US\$$/);
  });
});
