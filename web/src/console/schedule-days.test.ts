import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

describe('calendar days across clock changes (America/New_York)', () => {
  beforeAll(() => vi.stubEnv('TZ', 'America/New_York'));
  afterAll(() => vi.unstubAllEnvs());
  const hours = (day: string) => {
    const { from, to } = dayBounds(day);
    return (Date.parse(to) - Date.parse(from)) / 3_600_000;
  };

  it('a spring-forward day is 23 hours, a fall-back day 25, bounded by local midnights', () => {
    expect(dayBounds('2026-03-08')).toEqual({
      from: '2026-03-08T05:00:00.000Z',
      to: '2026-03-09T04:00:00.000Z',
    });
    expect(hours('2026-03-08')).toBe(23);
    expect(hours('2026-11-01')).toBe(25);
    expect(hours('2026-11-02')).toBe(24);
    expect(shiftDay('2026-03-08', 1)).toBe('2026-03-09');
    expect(localToday(new Date('2026-11-25T03:30:00Z'))).toBe('2026-11-24');
  });
});
