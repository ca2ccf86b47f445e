import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Where in the input a problem is, and what it is. Never the offending value itself. */
export interface ErrorIssue {
  /** A JSON pointer or FHIRPath-like location, e.g. `/name/0/family` or `Patient.birthDate`. */
  location?: string;
  message: string;
}

/**
 * An error Haven raises on purpose. Its message is written for the person who sent the request
 * and must never contain health data or the values they sent.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code].message,
    readonly issues: readonly ErrorIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = ERROR_CODES[code].status;
  }
}

/** The not-found answer, also used for records the actor may not see (never a 403 for those). */
export function notFound(message: string = ERROR_CODES.not_found.message): AppError {
  return new AppError('not_found', message);
}
