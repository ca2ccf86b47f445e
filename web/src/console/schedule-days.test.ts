import { describe, expect, it } from 'vitest';
import { dayBounds, isDayName, localToday, shiftDay } from './schedule-days';

describe('calendar days', () => {
  it('moves across month and year ends', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('bounds a day by its local midnights', () => {
    const { from, to } = dayBounds('2026-12-03');
    const start = new Date(from);
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2026, 11, 3, 0,
    ]);
    expect(new Date(to).getDate()).toBe(4);
    expect(new Date(to).getHours()).toBe(0);
  });

  it('names today and accepts only real days', () => {
    expect(localToday(new Date(2026, 10, 25, 23, 59))).toBe('2026-11-25');
    expect(isDayName('2026-02-29')).toBe(false);
    expect(isDayName('2028-02-29')).toBe(true);
    expect(isDayName('tomorrow')).toBe(false);
  });
});
