/**
 * A patient's own proxies: POST /api/me/proxies gives a caregiver access, GET /api/me/proxies
 * lists who holds or held access to my record in a practice, POST
 * /api/me/proxies/:grantId/revoke ends a grant from the next request.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors/app-error.js';
import { requireSignedIn } from '../http/auth-plugin.js';
import type { ProxyRelationship } from '../proxies/index.js';
import type { IdentityRouteOptions } from '../routes/auth-routes.js';
import { GrantViewSchema, ScopeSchema } from './grant-views.js';
import { grantMyProxy, listMyProxies, revokeMyGrant } from './my-proxies.js';

const Uuid = Type.String({ format: 'uuid' });

/** Registers the patient's proxy management routes. */
export function registerMyProxyRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.post(
    '/api/me/proxies',
    {
      schema: {
        tags: ['proxies'],
        summary: 'Give a caregiver (18 or over, with an account) access to my record',
        body: Type.Object(
          {
            tenantId: Uuid,
            proxyEmail: Type.String({ minLength: 3, maxLength: 254 }),
            relationship: Type.Union([
              Type.Literal('caregiver'),
              Type.Literal('parent'),
              Type.Literal('legal_guardian'),
            ]),
            scopes: Type.Array(ScopeSchema, { minItems: 1, maxItems: 4, uniqueItems: true }),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: GrantViewSchema },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as {
        tenantId: string;
        proxyEmail: string;
        relationship: ProxyRelationship;
        scopes: string[];
        expiresAt?: string;
      };
      const expiresAt = body.expiresAt === undefined ? undefined : new Date(body.expiresAt);
      if (expiresAt && Number.isNaN(expiresAt.getTime())) {
        throw new AppError('validation_failed', 'The expiry is not a valid time.', [
          { location: '/expiresAt', message: 'must be a date and time' },
        ]);
      }
      const grant = await grantMyProxy(deps, session.userId, {
        tenantId: body.tenantId,
        proxyEmail: body.proxyEmail,
        relationship: body.relationship,
        scopes: body.scopes,
        ...(expiresAt ? { expiresAt } : {}),
      });
      return reply.code(201).send(grant);
    },
  );

  app.get(
    '/api/me/proxies',
    {
      schema: {
        tags: ['proxies'],
        summary: 'Who holds or held access to my record in a practice, newest first',
        querystring: Type.Object({ tenantId: Uuid }),
        response: { 200: Type.Array(GrantViewSchema) },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.query as { tenantId: string };
      return listMyProxies(deps, session.userId, tenantId);
    },
  );

  app.post(
    '/api/me/proxies/:grantId/revoke',
    {
      schema: {
        tags: ['proxies'],
        summary: 'Revoke a grant on my record, or give up my own proxy access (immediate)',
        params: Type.Object({ grantId: Uuid }),
        response: {
          200: Type.Object({ ...GrantViewSchema.properties, alreadyRevoked: Type.Boolean() }),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { grantId } = request.params as { grantId: string };
      return revokeMyGrant(deps, session.userId, grantId);
    },
  );
}
