/**
 * The context of the request being served (request id, logger, and once signed in, the actor
 * and tenant), reachable from any depth without threading it through every call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

export interface RequestContext {
  requestId: string;
  log: FastifyBaseLogger;
  actorId?: string;
  tenantId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The current request's context, or undefined outside a request (CLI, jobs). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Opens a context for each request, for the whole of its handling. A request is logged once its
 * answer has gone (log/request-log.ts), or here if the client gave up on it first.
 */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    // Closed before its answer was all sent: the client gave up (or the connection broke) while
    // the request was being handled, body read or not, so no 'request completed' will come.
    let finished = false;
    reply.raw.once('finish', () => (finished = true));
    reply.raw.once('close', () => {
      if (!finished) request.log.info({ req: request }, 'request aborted');
    });
    storage.run({ requestId: request.id, log: request.log }, done);
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Keeps a well-formed X-Request-Id from a trusted caller (a proxy); otherwise makes one. */
export function requestIdFrom(header: string | string[] | undefined, fresh: () => string): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : fresh();
}
