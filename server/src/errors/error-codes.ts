/**
 * Every error Haven answers with has one of these stable codes. Clients may rely on the code;
 * the message is for people. `fhir` is the OperationOutcome issue type used on FHIR routes.
 */
export const ERROR_CODES = {
  bad_request: { status: 400, fhir: 'invalid', message: 'The request is malformed.' },
  validation_failed: { status: 400, fhir: 'invalid', message: 'The request is not valid.' },
  unauthenticated: { status: 401, fhir: 'login', message: 'Sign in to continue.' },
  forbidden: { status: 403, fhir: 'forbidden', message: 'You may not do this.' },
  not_found: { status: 404, fhir: 'not-found', message: 'Not found.' },
  method_not_allowed: {
    status: 405,
    fhir: 'not-supported',
    message: 'This method is not allowed here.',
  },
  conflict: { status: 409, fhir: 'conflict', message: 'The request conflicts with stored data.' },
  precondition_failed: {
    status: 412,
    fhir: 'conflict',
    message: 'The stored version differs from the one named in If-Match.',
  },
  payload_too_large: { status: 413, fhir: 'too-long', message: 'The request body is too large.' },
  unsupported_media_type: {
    status: 415,
    fhir: 'not-supported',
    message: 'This content type is not accepted.',
  },
  unprocessable: {
    status: 422,
    fhir: 'processing',
    message: 'The request is well-formed but cannot be processed.',
  },
  rate_limited: { status: 429, fhir: 'throttled', message: 'Too many requests; try again later.' },
  internal: { status: 500, fhir: 'exception', message: 'An unexpected error occurred.' },
  unavailable: {
    status: 503,
    fhir: 'transient',
    message: 'The service is temporarily unavailable; try again shortly.',
  },
} as const satisfies Record<string, { status: number; fhir: string; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

const BY_STATUS = new Map<number, ErrorCode>(
  (Object.keys(ERROR_CODES) as ErrorCode[])
    .filter((code) => code !== 'validation_failed')
    .map((code) => [ERROR_CODES[code].status, code]),
);

/** The code for an HTTP status raised by the framework (404 route, 415 media type...). */
export function codeForStatus(status: number): ErrorCode {
  return BY_STATUS.get(status) ?? (status >= 500 ? 'internal' : 'bad_request');
}
