/**
 * UTC date helpers. Everything works in UTC so that the same `now` gives the same output in
 * every time zone.
 */
import type { Rng } from './prng.js';

export const DAY_MS = 86_400_000;

export function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0);
  return target;
}

export function addYears(d: Date, years: number): Date {
  return addMonths(d, years * 12);
}

export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** YYYY-MM-DD. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** FHIR dateTime/instant without milliseconds, e.g. 2024-03-05T09:30:00Z. */
export function isoDateTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Completed years of age on `at` (the usual birthday rule). */
export function ageOn(birth: Date, at: Date): number {
  let age = at.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday =
    at.getUTCMonth() < birth.getUTCMonth() ||
    (at.getUTCMonth() === birth.getUTCMonth() && at.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** Age in fractional years, for growth curves and trends. */
export function ageInYears(birth: Date, at: Date): number {
  return (at.getTime() - birth.getTime()) / (365.25 * DAY_MS);
}

/**
 * A time during clinic hours on the given day. Callers pass days at least one day before
 * `now`, so the result is always in the past.
 */
export function clinicTime(day: Date, rng: Rng): Date {
  const d = startOfUtcDay(day);
  return new Date(d.getTime() + rng.int(8 * 12, 16 * 12) * 5 * 60_000);
}
