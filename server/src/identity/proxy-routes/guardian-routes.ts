/**
 * Staff routes for a minor's guardians: POST .../guardians records a parent or legal guardian,
 * POST .../guardian-consent records a guardian's consent to a teenager's own account (and
 * activates that account if it was waiting for it).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireSignedIn } from '../http/auth-plugin.js';
import { CONSENT_METHODS, type ConsentMethod } from '../proxies/index.js';
import type { IdentityRouteOptions } from '../routes/auth-routes.js';
import { GrantViewSchema } from './grant-views.js';
import { recordConsent, recordGuardian, type PracticePatient } from './guardians.js';

const Uuid = Type.String({ format: 'uuid' });
const PatientParams = Type.Object({ tenantId: Uuid, patientId: Uuid });

/** Registers the staff guardian routes. */
export function registerGuardianRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.post(
    '/api/practices/:tenantId/patients/:patientId/guardians',
    {
      schema: {
        tags: ['proxies'],
        summary: 'Record a parent or legal guardian of a patient under 18 (staff)',
        params: PatientParams,
        body: Type.Object(
          {
            guardianEmail: Type.String({ minLength: 3, maxLength: 254 }),
            relationship: Type.Union([Type.Literal('parent'), Type.Literal('legal_guardian')]),
          },
          { additionalProperties: false },
        ),
        response: { 201: GrantViewSchema },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const target = request.params as PracticePatient;
      const body = request.body as {
        guardianEmail: string;
        relationship: 'parent' | 'legal_guardian';
      };
      const grant = await recordGuardian(deps, session.userId, target, body);
      return reply.code(201).send(grant);
    },
  );

  app.post(
    '/api/practices/:tenantId/patients/:patientId/guardian-consent',
    {
      schema: {
        tags: ['proxies'],
        summary: 'Record a guardian’s consent to a teenager’s own account (staff)',
        params: PatientParams,
        body: Type.Object(
          {
            guardianUserId: Uuid,
            method: Type.Union(CONSENT_METHODS.map((m) => Type.Literal(m))),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            consentId: Type.String(),
            grantId: Type.String(),
            guardianUserId: Type.String(),
            method: Type.String(),
            consentedAt: Type.String({ format: 'date-time' }),
            teenAccount: Type.Union([
              Type.Object({ userId: Type.String(), status: Type.String() }),
              Type.Null(),
            ]),
          }),
        },
      },
    },
    async (request, reply) => {
      const session = requireSignedIn(request);
      const target = request.params as PracticePatient;
      const body = request.body as { guardianUserId: string; method: ConsentMethod };
      const { consent, teenAccount } = await recordConsent(deps, session.userId, target, body);
      return reply.code(201).send({
        consentId: consent.id,
        grantId: consent.grantId,
        guardianUserId: consent.guardianUserId,
        method: consent.method,
        consentedAt: consent.consentedAt.toISOString(),
        teenAccount,
      });
    },
  );
}
