/**
 * Managing who treats whom (SHARE-3) and who may see sensitive categories (ACC-6). Only practice
 * administrators change either: a clinician cannot add themselves to a care team, which would
 * open any chart without breaking the glass. Every change is audited as a role change naming the
 * patient, so the patient's access history can say who joined their care team.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { appendInTransaction } from '../audit/index.js';
import { currentRequest } from '../app/request-context.js';
import { tenantTransaction, type Tx } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import {
  requirePatientDataAccess,
  requireRequestPracticeRole,
} from '../identity/http/practice-guard.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { CLINICAL_ROLES, STAFF_ROLES } from '../identity/roles.js';
import { rolesInPractice } from '../identity/staff/practice-staff.js';
import { locateResource } from '../records/record-store.js';
import {
  addCareRelationship,
  careRelationshipsOf,
  endCareTeamMembership,
} from './care-relationships.js';
import { SENSITIVITY_LABELS, setSensitiveLabels } from './sensitive-access.js';

const Uuid = Type.String({ format: 'uuid' });
const PatientParams = Type.Object({ tenantId: Uuid, patientId: Uuid });
const Relationship = Type.Object({
  userId: Type.String(),
  kind: Type.String(),
  since: Type.String({ format: 'date-time' }),
  until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export function registerCareTeamRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  /** The audit entry of a change to who may reach a patient's record. */
  const audit = (
    tx: Tx,
    tenantId: string,
    actor: string,
    subject: string,
    reason: string,
    patientId: string | null,
    ip: string,
  ) =>
    appendInTransaction(tx, [
      {
        tenantId,
        patientId,
        actorUserId: actor,
        action: 'role_change',
        outcome: 'success',
        dataCategory: 'account',
        reasonCode: reason,
        sourceAddress: ip,
        requestId: currentRequest()?.requestId ?? null,
        resourceType: 'Account',
        resourceId: subject,
      },
    ]);

  app.get(
    '/api/practices/:tenantId/patients/:patientId/care-team',
    {
      schema: {
        summary: 'Who treats this patient now (care team, appointments, encounters)',
        params: PatientParams,
        response: { 200: Type.Object({ members: Type.Array(Relationship) }) },
      },
    },
    async (request) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      await requirePatientDataAccess(deps, request, tenantId, STAFF_ROLES);
      const members = await tenantTransaction(deps.db, tenantId, async (tx) => {
        if (!(await locateResource(tx, tenantId, 'Patient', patientId))) throw notFound();
        return careRelationshipsOf(tx, tenantId, patientId, deps.now());
      });
      return {
        members: members.map((m) => ({
          userId: m.userId,
          kind: m.kind,
          since: m.startsAt.toISOString(),
          until: m.endsAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/practices/:tenantId/patients/:patientId/care-team',
    {
      schema: {
        summary: "Add a clinician or nurse to a patient's care team (practice administrators)",
        params: PatientParams,
        body: Type.Object({ userId: Uuid }, { additionalProperties: false }),
        response: { 201: Type.Object({ added: Type.Boolean() }) },
      },
    },
    async (request, reply) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const { userId } = request.body as { userId: string };
      const admin = await requireRequestPracticeRole(deps, request, tenantId, ['practice_admin']);
      const added = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const patient = await locateResource(tx, tenantId, 'Patient', patientId);
        if (!patient || patient.deleted) throw notFound();
        const roles = await rolesInPractice(tx, tenantId, userId);
        if (!roles.some((role) => CLINICAL_ROLES.includes(role))) {
          throw new AppError('validation_failed', 'Only clinicians and nurses join a care team.', [
            { location: 'userId', message: 'is not a clinician or nurse of this practice' },
          ]);
        }
        const now = deps.now();
        const created = await addCareRelationship(tx, {
          tenantId,
          patientId,
          userId,
          kind: 'care_team',
          sourceId: patientId,
          startsAt: now,
          addedBy: admin.userId,
        });
        if (created)
          await audit(tx, tenantId, admin.userId, userId, 'care_team_added', patientId, request.ip);
        return created;
      });
      return reply.code(201).send({ added });
    },
  );

  app.delete(
    '/api/practices/:tenantId/patients/:patientId/care-team/:userId',
    {
      schema: {
        summary: "End someone's care-team membership (practice administrators)",
        params: Type.Object({ tenantId: Uuid, patientId: Uuid, userId: Uuid }),
        response: { 200: Type.Object({ ended: Type.Boolean() }) },
      },
    },
    async (request) => {
      const { tenantId, patientId, userId } = request.params as Record<string, string> as {
        tenantId: string;
        patientId: string;
        userId: string;
      };
      const admin = await requireRequestPracticeRole(deps, request, tenantId, ['practice_admin']);
      const ended = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const done = await endCareTeamMembership(tx, tenantId, patientId, userId, deps.now());
        if (!done) throw notFound('That person is not on this patient’s care team.');
        await audit(tx, tenantId, admin.userId, userId, 'care_team_ended', patientId, request.ip);
        return done;
      });
      return { ended };
    },
  );

  app.put(
    '/api/practices/:tenantId/staff/:userId/sensitive-access',
    {
      schema: {
        summary: 'Set the sensitive categories a staff member may see (practice administrators)',
        params: Type.Object({ tenantId: Uuid, userId: Uuid }),
        body: Type.Object(
          {
            labels: Type.Array(Type.Union(SENSITIVITY_LABELS.map((l) => Type.Literal(l))), {
              maxItems: SENSITIVITY_LABELS.length,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ labels: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      const { tenantId, userId } = request.params as { tenantId: string; userId: string };
      const { labels } = request.body as { labels: string[] };
      const admin = await requireRequestPracticeRole(deps, request, tenantId, ['practice_admin']);
      await tenantTransaction(deps.db, tenantId, async (tx) => {
        if ((await rolesInPractice(tx, tenantId, userId)).length === 0) throw notFound();
        await setSensitiveLabels(tx, { tenantId, userId, labels, grantedBy: admin.userId });
        await audit(tx, tenantId, admin.userId, userId, 'sensitive_access_set', null, request.ip);
      });
      return { labels: [...new Set(labels)].sort() };
    },
  );
}
