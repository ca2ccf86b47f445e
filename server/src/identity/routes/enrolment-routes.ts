/**
 * Enrolment: the front desk issues activation codes; patients activate with a code and their
 * date of birth, or sign up themselves and wait for staff to verify their identity.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { activateWithCode, issueActivationCode } from '../enrolment/activation-codes.js';
import { pendingVerifications, verifyIdentity } from '../enrolment/identity-verification.js';
import { selfSignUp } from '../enrolment/self-signup.js';
import { requirePatientDataAccess } from '../http/practice-guard.js';
import type { IdDocumentType } from '../identity-tables.js';
import type { IdentityRouteOptions } from './auth-routes.js';

const Uuid = Type.String({ format: 'uuid' });
const DateOnly = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Locale = Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('es')]));
const Enrolled = Type.Object({
  status: Type.Union([
    Type.Literal('active'),
    Type.Literal('pending_identity'),
    Type.Literal('pending_guardian'),
  ]),
});
const FRONT_DESK_ROLES = ['front_desk', 'practice_admin', 'nurse', 'clinician'] as const;

export function registerEnrolmentRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.post(
    '/api/practices/:tenantId/patients/:patientId/activation-codes',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Issue a single-use activation code for a patient (replaces an unused one)',
        params: Type.Object({ tenantId: Uuid, patientId: Uuid }),
        response: {
          201: Type.Object({
            code: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, FRONT_DESK_ROLES);
      const issued = await issueActivationCode(deps, {
        tenantId,
        patientId,
        issuedBy: session.userId,
      });
      return reply.code(201).send({ code: issued.code, expiresAt: issued.expiresAt.toISOString() });
    },
  );

  app.post(
    '/api/enrol/activate',
    {
      config: { preSignIn: true },
      schema: {
        tags: ['enrolment'],
        summary: 'Create my account with an activation code and my date of birth',
        body: Type.Object({
          code: Type.String({ minLength: 12, maxLength: 20 }),
          dateOfBirth: DateOnly,
          email: Email,
          password: Password,
          locale: Locale,
        }),
        response: { 201: Enrolled },
      },
    },
    async (request, reply) => {
      const body = request.body as Parameters<typeof activateWithCode>[1];
      const enrolled = await activateWithCode(deps, body, request.ip);
      return reply.code(201).send({ status: enrolled.status as 'active' | 'pending_guardian' });
    },
  );

  app.post(
    '/api/enrol/sign-up',
    {
      config: { preSignIn: true },
      schema: {
        tags: ['enrolment'],
        summary: 'Create an account myself; records appear after the practice verifies my identity',
        body: Type.Object({
          practice: Type.String({ minLength: 2, maxLength: 63 }),
          givenName: Type.String({ minLength: 1, maxLength: 100 }),
          familyName: Type.String({ minLength: 1, maxLength: 100 }),
          dateOfBirth: DateOnly,
          email: Email,
          password: Password,
          locale: Locale,
        }),
        response: { 201: Enrolled },
      },
    },
    async (request, reply) => {
      const enrolled = await selfSignUp(
        deps,
        request.body as Parameters<typeof selfSignUp>[1],
        request.ip,
      );
      return reply.code(201).send({ status: enrolled.status as 'pending_identity' });
    },
  );

  app.get(
    '/api/practices/:tenantId/identity-verifications',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Sign-ups waiting for identity verification',
        params: Type.Object({ tenantId: Uuid }),
        response: {
          200: Type.Array(
            Type.Object({
              userId: Type.String(),
              displayName: Type.String(),
              dateOfBirth: Type.Union([Type.String(), Type.Null()]),
              signedUpAt: Type.String({ format: 'date-time' }),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      await requirePatientDataAccess(deps, request, tenantId, FRONT_DESK_ROLES);
      const pending = await pendingVerifications(deps, tenantId);
      return pending.map((p) => ({ ...p, signedUpAt: p.signedUpAt.toISOString() }));
    },
  );

  app.post(
    '/api/practices/:tenantId/identity-verifications',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Record that a government ID was checked, and link the account to the chart',
        params: Type.Object({ tenantId: Uuid }),
        body: Type.Object({
          userId: Uuid,
          patientId: Uuid,
          idType: Type.Union(
            ['drivers_license', 'passport', 'state_id', 'military_id', 'other'].map((t) =>
              Type.Literal(t),
            ),
          ),
          lastFour: Type.String({ pattern: '^[A-Za-z0-9]{4}$' }),
        }),
        response: { 200: Type.Object({ status: Type.String() }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, FRONT_DESK_ROLES);
      const body = request.body as {
        userId: string;
        patientId: string;
        idType: IdDocumentType;
        lastFour: string;
      };
      return verifyIdentity(deps, { tenantId, ...body, verifiedBy: session.userId });
    },
  );
}
