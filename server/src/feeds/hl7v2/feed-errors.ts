/**
 * Turning failures into answers: an error Haven can explain becomes an ACK (AE/AR with its
 * text); a lost race with a concurrent writer is worth another try; anything else is thrown on.
 */
import type { Hl7Message } from '@medplum/core';
import { isUniqueViolation } from '../../db/database-errors.js';
import { AppError } from '../../errors/app-error.js';
import { RetryError, type FeedAnswer } from './feed-storing.js';
import { buildAck, FeedError, outcomeOf, type AckOutcome } from './hl7-ack.js';

/** An error Haven can explain in an ACK, or undefined (then it is thrown on). */
export function explain(error: unknown): AckOutcome | undefined {
  if (error instanceof FeedError) return outcomeOf(error);
  if (
    error instanceof AppError &&
    ['validation_failed', 'unprocessable', 'conflict'].includes(error.code)
  ) {
    const where = error.issues[0]?.location;
    return {
      code: 'AE',
      hl7Code: 207,
      text: `Nothing was stored: ${error.message}${where ? ` (${where})` : ''}`,
    };
  }
  return undefined;
}

/** The ACK message for `outcome` (see buildAck). */
export function answerTo(
  message: Hl7Message | undefined,
  outcome: AckOutcome,
  now: Date,
): FeedAnswer {
  return { code: outcome.code, ack: buildAck(message, outcome, now) };
}

/** Whether an error means a concurrent writer got there first (worth another try). */
export function raced(error: unknown): boolean {
  return (
    error instanceof RetryError ||
    isUniqueViolation(error) ||
    (error instanceof AppError && error.code === 'conflict')
  );
}
