/**
 * A practice's API clients (administrators only): POST registers one and shows its secret once,
 * GET lists them, POST .../revoke ends a client and, from the next request, all its tokens.
 * A stranger to the practice gets 404, a member who is not an administrator 403.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { signedInFirst } from '../identity/staff/signed-in-first.js';
import {
  listPracticeApiClients,
  registerApiClient,
  revokePracticeApiClient,
  type ClientRegistration,
} from './api-client-service.js';
import {
  ClientAnswer,
  ClientBody,
  ClientParams,
  PracticeParams,
  RegisteredClientAnswer,
  clientJson,
} from './api-auth-schemas.js';

export function registerApiClientRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  app.post(
    '/api/practices/:tenantId/api-clients',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['api-auth'],
        summary: 'Register an API client (administrators); its secret is shown only here',
        params: PracticeParams,
        body: ClientBody,
        response: { 201: RegisteredClientAnswer },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.params as { tenantId: string };
      const body = request.body as ClientRegistration;
      const registered = await registerApiClient(deps, session.userId, tenantId, body, request.ip);
      return reply
        .code(201)
        .send({ ...clientJson(registered.client), clientSecret: registered.clientSecret });
    },
  );

  app.get(
    '/api/practices/:tenantId/api-clients',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['api-auth'],
        summary: 'The practice’s API clients, revoked ones included (administrators)',
        params: PracticeParams,
        response: { 200: Type.Array(ClientAnswer) },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.params as { tenantId: string };
      const clients = await listPracticeApiClients(deps, session.userId, tenantId);
      return clients.map(clientJson);
    },
  );

  app.post(
    '/api/practices/:tenantId/api-clients/:clientId/revoke',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['api-auth'],
        summary: 'Revoke an API client; its tokens stop working on the next request',
        params: ClientParams,
        response: { 200: ClientAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId, clientId } = request.params as { tenantId: string; clientId: string };
      const client = await revokePracticeApiClient(
        deps,
        session.userId,
        tenantId,
        clientId,
        request.ip,
      );
      return clientJson(client);
    },
  );
}
