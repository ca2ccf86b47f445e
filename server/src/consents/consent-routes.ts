/**
 * Consents and restrictions over HTTP. The patient (or, for a child under 13, their guardian)
 * manages them under /api/me; privacy officers decide restriction requests under
 * /api/practices/:tenantId. Input is checked by schema first (unknown kinds, fields or
 * categories are 400s), then by the rules in consent-input.ts.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { RESOURCE_CATEGORIES } from '../access/role-permissions.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import { STAFF_ROLES, type StaffRole } from '../identity/roles.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { originOf } from './consent-audit.js';
import { CONSENT_KINDS, SENSITIVITY_CODES } from './consent-coding.js';
import type { GrantRequest } from './consent-input.js';
import { ConsentViewSchema, KindsSchema, RestrictionViewSchema } from './consent-views.js';
import {
  grantMyConsent,
  listMyConsents,
  listMyRestrictions,
  requestMyRestriction,
  revokeMyConsent,
} from './patient-consents.js';
import { registerRestrictionDecisionRoutes } from './restriction-routes.js';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

const GrantBody = Type.Object(
  {
    kind: literals(CONSENT_KINDS),
    grantee: Type.Optional(
      Type.Object(
        {
          // Opaque to Haven: the identifier an outside provider's account carries.
          id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/@|-]+$' }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
        },
        { additionalProperties: false },
      ),
    ),
    period: Type.Optional(
      Type.Object(
        { start: Type.Optional(DateTime), end: Type.Optional(DateTime) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const RestrictionBody = Type.Object(
  {
    categories: Type.Optional(
      Type.Array(literals([...SENSITIVITY_CODES, ...RESOURCE_CATEGORIES]), {
        maxItems: 20,
        uniqueItems: true,
      }),
    ),
    resourceTypes: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z][A-Za-z]{1,63}$' }), {
        maxItems: 50,
        uniqueItems: true,
      }),
    ),
    appliesToUserId: Type.Optional(Uuid),
    appliesToRole: Type.Optional(literals(STAFF_ROLES)),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** Registers every consent and restriction route. */
export function registerConsentRoutes(app: FastifyInstance, options: IdentityRouteOptions): void {
  const { deps } = options;

  app.get(
    '/api/me/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'The kinds of permission I can give, and the ones I gave (revoked ones too)',
        response: {
          200: Type.Object({ kinds: KindsSchema, consents: Type.Array(ConsentViewSchema) }),
        },
      },
    },
    (request) => listMyConsents(deps, requireSignedIn(request), originOf(request)),
  );

  app.post(
    '/api/me/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Give a permission (share with a named provider, research, pharmacy, recording)',
        body: GrantBody,
        response: { 201: ConsentViewSchema },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as GrantRequest;
      return reply.code(201).send(await grantMyConsent(deps, session, body, originOf(request)));
    },
  );

  app.post(
    '/api/me/consents/:id/revoke',
    {
      schema: {
        tags: ['consents'],
        summary: 'Revoke a permission; it stops applying from the next request',
        params: Type.Object({ id: Uuid }),
        response: { 200: ConsentViewSchema },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { id } = request.params as { id: string };
      return revokeMyConsent(deps, session, id, originOf(request));
    },
  );

  app.get(
    '/api/me/restrictions',
    {
      schema: {
        tags: ['consents'],
        summary: 'My requests to restrict who sees my record, and the practice’s answers',
        response: { 200: Type.Object({ restrictions: Type.Array(RestrictionViewSchema) }) },
      },
    },
    async (request) => ({
      restrictions: await listMyRestrictions(deps, requireSignedIn(request), originOf(request)),
    }),
  );

  app.post(
    '/api/me/restrictions',
    {
      schema: {
        tags: ['consents'],
        summary: 'Ask the practice to restrict who sees some of my record (it binds once granted)',
        body: RestrictionBody,
        response: { 201: RestrictionViewSchema },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const body = request.body as {
        categories?: string[];
        resourceTypes?: string[];
        appliesToUserId?: string;
        appliesToRole?: StaffRole;
        reason?: string;
      };
      const view = await requestMyRestriction(deps, session, body, originOf(request));
      return reply.code(201).send(view);
    },
  );

  registerRestrictionDecisionRoutes(app, options);
}
