/**
 * Break-the-glass over HTTP (ACC-5, SHARE-7): a clinician opens emergency access to a patient's
 * chart, the console shows the running grant, and privacy officers review every grant. A
 * practice the caller does not belong to answers 404, like one that does not exist.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import {
  requirePatientDataAccess,
  requireRequestPracticeRole,
} from '../identity/http/practice-guard.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import type { Session } from '../identity/sessions/session-store.js';
import { rolesInPractice } from '../identity/staff/practice-staff.js';
import { CLINICAL_ROLES, STAFF_ROLES } from '../identity/roles.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { latestGrant } from './break-glass-grants.js';
import { reviewGrant, reviewQueue } from './break-glass-review.js';
import {
  DateTime,
  Grant,
  PatientParams,
  queueJson,
  QueueRow,
  ReasonCode,
  State,
  Uuid,
} from './break-glass-schemas.js';
import { MAX_MINUTES, openBreakGlass, REASON_MAX_LENGTH } from './break-glass-service.js';
import type { BreakGlassReasonCode, ReviewState } from './break-glass-tables.js';

/**
 * The caller, if they hold a clinical role in the practice: 404 for a practice they do not
 * work for, 403 in plain words for front desk, billing and the rest. Clearance and licence are
 * checked again inside the grant's transaction.
 */
async function requireClinicalRole(
  deps: IdentityDeps,
  request: FastifyRequest,
  tenantId: string,
): Promise<Session> {
  const session = requireSignedIn(request);
  const roles = await tenantTransaction(deps.db, tenantId, (tx) =>
    rolesInPractice(tx, tenantId, session.userId),
  );
  if (roles.length === 0) throw new AppError('not_found', 'No such practice.');
  if (!roles.some((role) => CLINICAL_ROLES.includes(role))) {
    throw new AppError(
      'forbidden',
      'Only clinicians and nurses may use emergency access to a patient’s record.',
    );
  }
  return session;
}

export function registerBreakGlassRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.post(
    '/api/practices/:tenantId/patients/:patientId/break-glass',
    {
      schema: {
        tags: ['break-glass'],
        summary: 'Open emergency access to a patient’s chart (clinicians and nurses; audited)',
        params: PatientParams,
        body: Type.Object({
          reasonCode: ReasonCode,
          reason: Type.String({ minLength: 1, maxLength: REASON_MAX_LENGTH }),
          minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_MINUTES })),
        }),
        response: { 201: Grant },
      },
    },
    async (request, reply) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const session = await requireClinicalRole(deps, request, tenantId);
      const body = request.body as {
        reasonCode: BreakGlassReasonCode;
        reason: string;
        minutes?: number;
      };
      const grant = await openBreakGlass(deps, {
        tenantId,
        userId: session.userId,
        patientId,
        reasonCode: body.reasonCode,
        reason: body.reason,
        ...(body.minutes === undefined ? {} : { minutes: body.minutes }),
        sourceAddress: request.ip,
        requestId: request.id,
      });
      return reply.code(201).send({
        id: grant.id,
        grantedAt: grant.grantedAt.toISOString(),
        expiresAt: grant.expiresAt.toISOString(),
      });
    },
  );

  app.get(
    '/api/practices/:tenantId/patients/:patientId/break-glass',
    {
      schema: {
        tags: ['break-glass'],
        summary: 'My running emergency access to this patient, for the console banner',
        params: PatientParams,
        response: {
          200: Type.Object({
            active: Type.Boolean(),
            id: Type.Optional(Uuid),
            reasonCode: Type.Optional(ReasonCode),
            grantedAt: Type.Optional(DateTime),
            expiresAt: Type.Optional(DateTime),
            minutesLeft: Type.Optional(Type.Integer({ minimum: 1 })),
          }),
        },
      },
    },
    async (request) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const session = await requireRequestPracticeRole(deps, request, tenantId, STAFF_ROLES);
      const now = deps.now();
      const grant = await tenantTransaction(deps.db, tenantId, (tx) =>
        latestGrant(tx, tenantId, session.userId, patientId, now),
      );
      if (!grant || grant.expiresAt.getTime() <= now.getTime()) return { active: false };
      return {
        active: true,
        id: grant.id,
        reasonCode: grant.reasonCode,
        grantedAt: grant.grantedAt.toISOString(),
        expiresAt: grant.expiresAt.toISOString(),
        minutesLeft: Math.ceil((grant.expiresAt.getTime() - now.getTime()) / 60_000),
      };
    },
  );

  app.get(
    '/api/practices/:tenantId/break-glass/reviews',
    {
      schema: {
        tags: ['break-glass'],
        summary: 'The privacy officer’s queue of emergency accesses to review (audited)',
        params: Type.Object({ tenantId: Uuid }),
        querystring: Type.Object({ state: Type.Optional(State) }),
        response: { 200: Type.Object({ grants: Type.Array(QueueRow) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const { state } = request.query as { state?: ReviewState };
      const session = await requirePatientDataAccess(deps, request, tenantId, ['privacy_officer']);
      const items = await reviewQueue(
        deps,
        { tenantId, userId: session.userId, sourceAddress: request.ip, requestId: request.id },
        state ?? 'pending',
      );
      return { grants: items.map(queueJson) };
    },
  );

  app.post(
    '/api/practices/:tenantId/break-glass/reviews/:id',
    {
      schema: {
        tags: ['break-glass'],
        summary: 'Mark an emergency access justified or not (privacy officers; audited)',
        params: Type.Object({ tenantId: Uuid, id: Uuid }),
        body: Type.Object({
          decision: Type.Union([Type.Literal('justified'), Type.Literal('not_justified')]),
          note: Type.Optional(Type.String({ maxLength: REASON_MAX_LENGTH })),
        }),
        response: { 200: Type.Object({ id: Uuid, state: State, reviewedAt: DateTime }) },
      },
    },
    async (request) => {
      const { tenantId, id } = request.params as { tenantId: string; id: string };
      const body = request.body as { decision: 'justified' | 'not_justified'; note?: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, ['privacy_officer']);
      const done = await reviewGrant(
        deps,
        { tenantId, userId: session.userId, sourceAddress: request.ip, requestId: request.id },
        {
          grantId: id,
          decision: body.decision,
          ...(body.note === undefined ? {} : { note: body.note }),
        },
      );
      return { ...done, reviewedAt: done.reviewedAt.toISOString() };
    },
  );
}
