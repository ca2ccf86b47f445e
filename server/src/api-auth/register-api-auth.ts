/**
 * Registers API authentication on the app: the token endpoint, API client administration,
 * personal access tokens, and what bearer-authenticated routes need (`requireBearer`).
 */
import type { FastifyInstance } from 'fastify';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { registerApiClientRoutes } from './api-client-routes.js';
import { registerPersonalTokenRoutes } from './personal-token-routes.js';
import { registerTokenEndpoint } from './token-endpoint.js';

const CHALLENGED = new Set([400, 401, 403]);

export function registerApiAuthRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.decorate('apiAuthDeps', deps);
  app.decorateRequest('apiPrincipal', undefined);
  app.decorateRequest('bearerChallenge', undefined);
  // A refused bearer request says why in WWW-Authenticate (RFC 6750 §3). Added here rather
  // than where the refusal is thrown, because the error handler builds the answer.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.bearerChallenge && CHALLENGED.has(reply.statusCode)) {
      void reply.header('www-authenticate', request.bearerChallenge);
    }
    return payload;
  });
  registerTokenEndpoint(app, deps);
  registerApiClientRoutes(app, deps);
  registerPersonalTokenRoutes(app, deps);
}
