import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountEligibility,
  ageInYears,
  assertMayRegisterOwnAccount,
  parseDateOfBirth,
} from './age.js';

const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('ageInYears', () => {
  it.each([
    // dateOfBirth, on, age
    ['2010-05-01', '2023-04-30', 12], // day before the 13th birthday
    ['2010-05-01', '2023-05-01', 13], // the 13th birthday counts
    ['2010-05-01', '2023-05-02', 13], // day after
    ['2005-05-01', '2023-04-30', 17], // day before the 18th birthday
    ['2005-05-01', '2023-05-01', 18], // the 18th birthday
    ['2005-05-01', '2023-05-02', 18], // day after
    ['2010-12-31', '2023-01-01', 12], // year end does not count as a birthday
    ['2010-05-01', '2010-05-01', 0], // born today
    // Born on 29 Feb: a year older on 1 Mar in a non-leap year, on 29 Feb in a leap year.
    ['2008-02-29', '2021-02-28', 12],
    ['2008-02-29', '2021-03-01', 13],
    ['2008-02-29', '2024-02-28', 15],
    ['2008-02-29', '2024-02-29', 16],
    ['2004-02-29', '2022-02-28', 17],
    ['2004-02-29', '2022-03-01', 18],
    ['2004-02-29', '2100-02-28', 95], // 2100 is not a leap year
    ['2004-02-29', '2100-03-01', 96],
  ])('born %s, on %s: %i', (dob, on, age) => {
    expect(ageInYears(dob, at(on))).toBe(age);
  });

  it('reads the calendar date in a time zone when given one', () => {
    // 03:00 UTC on the birthday (23:00 EDT) is still the day before in New York.
    const early = new Date('2023-05-01T03:00:00Z');
    expect(ageInYears('2010-05-01', early)).toBe(13);
    expect(ageInYears('2010-05-01', early, 'America/New_York')).toBe(12);
  });

  it('refuses malformed, impossible and future dates of birth', () => {
    for (const bad of ['2023-02-29', '2010-13-01', '2010-00-10', '2010-5-1', '', 'soon']) {
      expect(() => parseDateOfBirth(bad), bad).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
    expect(() => ageInYears('2030-01-01', at('2026-01-01'))).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  const dobArb = fc
    .date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2090-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('never decreases as the day moves forward', () => {
    fc.assert(
      fc.property(
        dobArb,
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 4_000 }),
        (dob, offsetDays, stepDays) => {
          const born = Date.parse(`${dob}T00:00:00Z`);
          const first = new Date(born + offsetDays * 86_400_000);
          const later = new Date(first.getTime() + stepDays * 86_400_000);
          expect(ageInYears(dob, later)).toBeGreaterThanOrEqual(ageInYears(dob, first));
        },
      ),
    );
  });

  it('on each birthday equals the difference in years', () => {
    fc.assert(
      fc.property(dobArb, fc.integer({ min: 0, max: 120 }), (dob, years) => {
        const { year, month, day } = parseDateOfBirth(dob);
        // Date.UTC rolls 29 Feb of a non-leap year over to 1 Mar: the birthday this module uses.
        const birthday = new Date(Date.UTC(year + years, month - 1, day));
        expect(ageInYears(dob, birthday)).toBe(years);
        if (years > 0) {
          expect(ageInYears(dob, new Date(birthday.getTime() - 86_400_000))).toBe(years - 1);
        }
      }),
    );
  });
});

describe('accountEligibility', () => {
  it.each([
    ['2010-05-01', '2023-04-30', 'no_own_account'],
    ['2010-05-01', '2023-05-01', 'needs_guardian_consent'],
    ['2005-05-01', '2023-04-30', 'needs_guardian_consent'],
    ['2005-05-01', '2023-05-01', 'adult'],
  ])('born %s, on %s: %s', (dob, on, eligibility) => {
    expect(accountEligibility(dob, at(on))).toBe(eligibility);
  });

  it('refuses self-registration under 13 and allows it from 13', () => {
    expect(() => assertMayRegisterOwnAccount('2011-01-10', at('2023-06-01'))).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(assertMayRegisterOwnAccount('2010-01-10', at('2023-06-01'))).toBe(
      'needs_guardian_consent',
    );
    expect(assertMayRegisterOwnAccount('2000-01-10', at('2023-06-01'))).toBe('adult');
  });
});
