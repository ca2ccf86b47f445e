/**
 * The audit report as CSV (RFC 4180) for privacy officers, who open it in a spreadsheet. Every
 * field is quoted, and a cell that a spreadsheet would run as a formula (starting with = + - @,
 * or a tab or carriage return that some of them skip first) gets a leading apostrophe: an
 * attacker-chosen value such as a request id must not become a formula on the officer's machine
 * (CWE-1236).
 */
import type { AuditLogRow } from './audit-report.js';

/** The columns, in order: every field of a report row. */
export const AUDIT_CSV_COLUMNS = [
  'at',
  'tenantId',
  'chainId',
  'seq',
  'patientId',
  'actorUserId',
  'onBehalfOfUserId',
  'action',
  'dataCategory',
  'outcome',
  'reasonCode',
  'purposeOfUse',
  'sourceAddress',
  'requestId',
  'resourceType',
  'resourceId',
  'breakGlass',
] as const satisfies readonly (keyof AuditLogRow)[];

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted, quotes doubled, formula triggers neutralised. Null is an empty cell. */
export function csvCell(value: string | number | boolean | Date | null): string {
  if (value === null) return '""';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

/** The header line, CRLF-terminated. */
export function auditCsvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.map(csvCell).join(',')}\r\n`;
}

/** One row's line, CRLF-terminated: for streaming a large export line by line. */
export function auditCsvLine(row: AuditLogRow): string {
  return `${AUDIT_CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`;
}

/** A whole report as CSV text, header first. */
export function auditLogCsv(rows: Iterable<AuditLogRow>): string {
  let out = auditCsvHeader();
  for (const row of rows) out += auditCsvLine(row);
  return out;
}
