/**
 * A preValidation hook for the staff routes: a request without a signed-in session is refused
 * (401) before its input is checked, so a stranger gets the same answer whatever they send.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { requireSignedIn } from '../http/auth-plugin.js';

/** Throws unauthenticated unless the request carries an active session. */
export function signedInFirst(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  requireSignedIn(request);
  done();
}
