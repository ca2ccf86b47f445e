/**
 * What billing staff type into a new statement, checked before an Invoice is built from it.
 * Each problem names its field (`/lines/2/chargeCents`), never the value typed.
 */
import { AppError, type ErrorIssue } from '../errors/app-error.js';
import { checkedText } from '../messaging/message-text.js';
import { MAX_CENTS } from './money.js';
import { lineOwed, type StatementLine } from './statement-model.js';

export const MAX_LINES = 30;
export const DESCRIPTION_MAX_LENGTH = 200;
/** How far ahead a due date may be set. */
const MAX_DUE_DAYS = 365;
const SUMMARY = 'The statement cannot be issued as it is.';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface StatementRequest {
  lines: readonly StatementLine[];
  dueDate: string;
}

/** The lines and due date as stored, or a 400 naming every problem. */
export function checkedStatement(request: StatementRequest, now: Date): StatementRequest {
  const issues: ErrorIssue[] = [];
  const today = now.toISOString().slice(0, 10);
  if (request.lines.length === 0 || request.lines.length > MAX_LINES) {
    issues.push({ location: '/lines', message: `must hold 1 to ${MAX_LINES} services` });
  }
  const lines = request.lines.map((line, i) => checkedLine(line, `/lines/${i}`, today, issues));
  if (issues.length === 0 && lines.every((line) => lineOwed(line) === 0)) {
    issues.push({ location: '/lines', message: 'leave nothing for the patient to pay' });
  }
  const latestDue = new Date(now.getTime() + MAX_DUE_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (!isDay(request.dueDate) || request.dueDate < today || request.dueDate > latestDue) {
    issues.push({
      location: '/dueDate',
      message: `must be a date from today to ${MAX_DUE_DAYS} days ahead`,
    });
  }
  if (issues.length > 0) throw new AppError('validation_failed', SUMMARY, issues);
  return { lines, dueDate: request.dueDate };
}

function checkedLine(
  line: StatementLine,
  at: string,
  today: string,
  issues: ErrorIssue[],
): StatementLine {
  let description = '';
  try {
    description = checkedText(
      line.description,
      DESCRIPTION_MAX_LENGTH,
      `${at}/description`,
      SUMMARY,
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    issues.push(...error.issues);
  }
  if (!isDay(line.serviceDate) || line.serviceDate > today) {
    issues.push({ location: `${at}/serviceDate`, message: 'must be a date no later than today' });
  }
  for (const field of ['chargeCents', 'insurancePaidCents', 'adjustmentCents'] as const) {
    const cents = line[field];
    if (!Number.isSafeInteger(cents) || cents < 0 || cents > MAX_CENTS) {
      issues.push({
        location: `${at}/${field}`,
        message: 'must be whole cents from 0 to $1,000,000',
      });
    }
  }
  if (line.chargeCents <= 0 && Number.isSafeInteger(line.chargeCents)) {
    issues.push({ location: `${at}/chargeCents`, message: 'must be more than zero' });
  }
  if (line.insurancePaidCents + line.adjustmentCents > line.chargeCents) {
    issues.push({
      location: `${at}/insurancePaidCents`,
      message: 'insurance paid and adjustment together are more than the charge',
    });
  }
  return { ...line, description };
}

/** A real calendar day written YYYY-MM-DD (not 2026-02-30). */
export function isDay(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
