/**
 * One log line per request, written once its answer has gone: method, masked URL and route
 * (the `req` shape in redaction.ts), status and time. Fastify's own controller writes two, one
 * on arrival and one when done; at a thousand requests a second the second line is a cost
 * without news, since the first one's fields fit in it. A request the client abandons before
 * its answer is logged as aborted (request-context.ts).
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLineRequestLog extends LogController {
  override incomingRequest(): void {
    // Logged when completed, with the request's own fields.
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
