/**
 * A person's own API tokens: POST /api/me/api-tokens makes one (shown once), GET lists them in
 * every practice, POST /api/me/api-tokens/:tokenId/revoke ends one from the next request. These
 * are cookie-session routes (CSRF-protected like every other /api/me route).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { signedInFirst } from '../identity/staff/signed-in-first.js';
import {
  CreatedTokenAnswer,
  PersonalTokenBody,
  RevokeTokenBody,
  TokenAnswer,
  TokenParams,
  tokenJson,
} from './api-auth-schemas.js';
import {
  createPersonalToken,
  myPersonalTokens,
  revokeMyPersonalToken,
  type PersonalTokenRequest,
} from './personal-tokens.js';

export function registerPersonalTokenRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  app.post(
    '/api/me/api-tokens',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['api-auth'],
        summary: 'Create a personal access token for API use (shown only here)',
        body: PersonalTokenBody,
        response: { 201: CreatedTokenAnswer },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as PersonalTokenRequest;
      const created = await createPersonalToken(deps, session.userId, body, request.ip);
      return reply.code(201).send({ ...tokenJson(created.view, deps.now()), token: created.token });
    },
  );

  app.get(
    '/api/me/api-tokens',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['api-auth'],
        summary: 'My personal access tokens in every practice, newest first',
        response: { 200: Type.Array(TokenAnswer) },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const now = deps.now();
      return (await myPersonalTokens(deps, session.userId)).map((t) => tokenJson(t, now));
    },
  );

  app.post(
    '/api/me/api-tokens/:tokenId/revoke',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['api-auth'],
        summary: 'Revoke one of my personal access tokens (immediate)',
        params: TokenParams,
        body: RevokeTokenBody,
        response: { 200: TokenAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tokenId } = request.params as { tokenId: string };
      const { tenantId } = request.body as { tenantId: string };
      const token = await revokeMyPersonalToken(
        deps,
        session.userId,
        tenantId,
        tokenId,
        request.ip,
      );
      return tokenJson(token, deps.now());
    },
  );
}
