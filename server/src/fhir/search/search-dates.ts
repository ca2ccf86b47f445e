/**
 * FHIR dates as ranges of instants. A value is as precise as it is written: `2020` is the whole
 * year, `2020-03` the month, `2020-03-04` the day, a dateTime with seconds that second. Values
 * without a time zone are read as UTC (FHIR leaves it to the server; one rule everywhere).
 */

/** A closed range of instants [low, high]. */
export interface DateRange {
  low: Date;
  high: Date;
}

const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** The range a FHIR date, dateTime or instant covers, or undefined if it is not one. */
export function dateRange(text: string): DateRange | undefined {
  const m = DATE.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  if (mo === undefined) return span(Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1));
  const month = Number(mo) - 1;
  if (month < 0 || month > 11) return undefined;
  if (d === undefined) return span(Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1));
  const day = Number(d);
  if (day < 1 || day > 31) return undefined;
  if (h === undefined) return span(Date.UTC(year, month, day), Date.UTC(year, month, day + 1));
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${zone ?? 'Z'}`;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  // To the precision written: minutes cover their minute, seconds their second.
  const width = s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  return span(at, at + width);
}

function span(start: number, endExclusive: number): DateRange {
  return { low: new Date(start), high: new Date(endExclusive - 1) };
}
