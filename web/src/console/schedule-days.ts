/**
 * Days of the console's calendar in the reader's own time zone: a day is named YYYY-MM-DD and
 * asked of the server as the two instants that bound it locally (a day with a clock change is
 * 23 or 25 hours long, so the bounds come from the calendar, not from adding 24 hours).
 */

/** Today in the reader's time zone. */
export function localToday(now = new Date()): string {
  return dayName(now);
}

/** The day `offset` days after `day`. */
export function shiftDay(day: string, offset: number): string {
  const [year, month, date] = parts(day);
  return dayName(new Date(year, month - 1, date + offset));
}

/** The instants at which `day` begins and the next day begins, locally. */
export function dayBounds(day: string): { from: string; to: string } {
  const [year, month, date] = parts(day);
  return {
    from: new Date(year, month - 1, date).toISOString(),
    to: new Date(year, month - 1, date + 1).toISOString(),
  };
}

/** Whether `value` names a real calendar day (what a date field hands back). */
export function isDayName(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, date] = parts(value);
  return dayName(new Date(year, month - 1, date)) === value;
}

function parts(day: string): [number, number, number] {
  const [year = NaN, month = NaN, date = NaN] = day.split('-').map(Number);
  return [year, month, date];
}

function dayName(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
