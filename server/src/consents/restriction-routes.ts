/**
 * The practice's restriction routes (RIGHT-6): privacy officers, cleared for patient data, list
 * patients' restriction requests and grant or deny them. Another practice, or a staff member
 * without the role, is refused by requirePatientDataAccess (404 and 403).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requirePatientDataAccess } from '../identity/http/practice-guard.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { originOf } from './consent-audit.js';
import { RestrictionViewSchema, type RestrictionView } from './consent-views.js';
import { decidePracticeRestriction, listPracticeRestrictions } from './practice-restrictions.js';

const Uuid = Type.String({ format: 'uuid' });
const Status = Type.Union([
  Type.Literal('requested'),
  Type.Literal('granted'),
  Type.Literal('denied'),
]);

/** Registers the privacy officer's restriction routes. */
export function registerRestrictionDecisionRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/practices/:tenantId/restrictions',
    {
      schema: {
        tags: ['consents'],
        summary: 'Patients’ restriction requests (privacy officers), e.g. ?status=requested',
        params: Type.Object({ tenantId: Uuid }),
        querystring: Type.Object(
          { status: Type.Optional(Status) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ restrictions: Type.Array(RestrictionViewSchema) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const { status } = request.query as { status?: RestrictionView['status'] };
      const session = await requirePatientDataAccess(deps, request, tenantId, ['privacy_officer']);
      const meta = { actorUserId: session.userId, ...originOf(request) };
      return { restrictions: await listPracticeRestrictions(deps, tenantId, status, meta) };
    },
  );

  app.post(
    '/api/practices/:tenantId/restrictions/:id/decision',
    {
      schema: {
        tags: ['consents'],
        summary: 'Grant or deny a restriction request (a denial needs a reason)',
        params: Type.Object({ tenantId: Uuid, id: Uuid }),
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('granted'), Type.Literal('denied')]),
            reason: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RestrictionViewSchema },
      },
    },
    async (request) => {
      const { tenantId, id } = request.params as { tenantId: string; id: string };
      const body = request.body as { decision: 'granted' | 'denied'; reason?: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, ['privacy_officer']);
      const meta = { actorUserId: session.userId, ...originOf(request) };
      return decidePracticeRestriction(deps, tenantId, id, body, meta);
    },
  );
}
