/**
 * The one place errors become answers. Haven's own AppErrors keep their code and message;
 * framework errors (bad JSON, body too large, schema validation) map to stable codes; database
 * outages become 503; anything else is a generic 500 carrying only the request id, and the
 * details go to the log (redacted). FHIR routes answer with an OperationOutcome.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorIssue } from '../errors/app-error.js';
import { ERROR_CODES, codeForStatus, type ErrorCode } from '../errors/error-codes.js';
import { toOperationOutcome } from '../errors/operation-outcome.js';
import { isConnectionError } from '../db/database-errors.js';

export const FHIR_PREFIX = '/fhir/';

interface Answer {
  code: ErrorCode;
  message: string;
  issues: readonly ErrorIssue[];
}

function answerFor(error: unknown): Answer {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, issues: error.issues };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (Array.isArray(fastifyError.validation)) {
    return {
      code: 'validation_failed',
      message: ERROR_CODES.validation_failed.message,
      issues: fastifyError.validation.map((v) => ({
        location: `${fastifyError.validationContext ?? 'body'}${v.instancePath || ''}`,
        message: v.message ?? 'is not valid',
      })),
    };
  }
  if (isConnectionError(error)) {
    return { code: 'unavailable', message: ERROR_CODES.unavailable.message, issues: [] };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = codeForStatus(status);
    // Fastify's own 4xx messages describe the request's shape, never its content.
    const message =
      fastifyError.code?.startsWith('FST_') && fastifyError.message
        ? fastifyError.message
        : ERROR_CODES[code].message;
    return {
      code,
      message:
        code === 'bad_request' && error instanceof SyntaxError
          ? 'The request body is not valid JSON.'
          : message,
      issues: [],
    };
  }
  return { code: 'internal', message: ERROR_CODES.internal.message, issues: [] };
}

/** Sends an error answer in the shape the route's clients expect. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: Answer,
): FastifyReply {
  const status = ERROR_CODES[answer.code].status;
  if (request.url.startsWith(FHIR_PREFIX)) {
    return reply
      .code(status)
      .type('application/fhir+json')
      .send(toOperationOutcome(answer.code, answer.message, answer.issues, request.id));
  }
  return reply.code(status).send({
    error: {
      code: answer.code,
      message: answer.message,
      requestId: request.id,
      ...(answer.issues.length > 0 ? { issues: answer.issues } : {}),
    },
  });
}

export type PageFallback = (
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply | undefined;

export function registerErrorHandler(app: FastifyInstance, pageFallback?: PageFallback): void {
  app.setErrorHandler((error, request, reply) => {
    const answer = answerFor(error);
    if (ERROR_CODES[answer.code].status >= 500) {
      request.log.error({ err: error, errorCode: answer.code }, 'request failed');
    } else {
      request.log.info({ errorCode: answer.code }, 'request refused');
    }
    return sendError(request, reply, answer);
  });

  app.setNotFoundHandler(
    (request, reply) =>
      pageFallback?.(request, reply) ??
      sendError(request, reply, { code: 'not_found', message: 'No such route.', issues: [] }),
  );
}
