import type { OperationOutcome } from '@medplum/fhirtypes';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';
import type { ErrorIssue } from './app-error.js';

/** The FHIR answer for an error: one issue per problem, each with its location when known. */
export function toOperationOutcome(
  code: ErrorCode,
  message: string,
  issues: readonly ErrorIssue[],
  requestId: string,
): OperationOutcome {
  const type = ERROR_CODES[code].fhir as NonNullable<OperationOutcome['issue']>[number]['code'];
  const severity = ERROR_CODES[code].status >= 500 ? 'fatal' : 'error';
  const list = issues.length > 0 ? issues : [{ message }];
  return {
    resourceType: 'OperationOutcome',
    id: requestId,
    issue: list.map((issue) => ({
      severity,
      code: type,
      diagnostics: issue.message,
      ...(issue.location ? { expression: [issue.location] } : {}),
    })),
  };
}
