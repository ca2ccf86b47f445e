/** Full calendar dates (`YYYY-MM-DD`, FHIR `date` at day precision) as people type them. */

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is a date that exists (`2024-02-29`, not `2023-02-29` or `2024-13-01`). */
export function isCalendarDate(value: string): boolean {
  if (!FULL_DATE.test(value)) return false;
  // Parsed as an ISO instant (four-digit years stay as written); a day that does not exist is
  // rolled over by Date or refused, so it no longer reads back the same.
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
