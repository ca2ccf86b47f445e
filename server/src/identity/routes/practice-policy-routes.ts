/**
 * A practice's session policy: how long staff and patient sessions may sit idle before they
 * end (ONC (d)(5)). Practice admins set it; it applies to sessions started afterwards.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantTransaction } from '../../db/transactions.js';
import { auditPracticeSetting } from '../../tenancy/practice-setting-audit.js';
import { requireRequestPracticeRole } from '../http/practice-guard.js';
import {
  DEFAULT_PATIENT_IDLE_MINUTES,
  DEFAULT_STAFF_IDLE_MINUTES,
} from '../sign-in/session-policy.js';
import type { IdentityRouteOptions } from './auth-routes.js';

const Minutes = Type.Integer({ minimum: 1, maximum: 240 });
const Policy = Type.Object({ staffIdleMinutes: Minutes, patientIdleMinutes: Minutes });
const Params = Type.Object({ tenantId: Type.String({ format: 'uuid' }) });

export function registerPracticePolicyRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/practices/:tenantId/session-policy',
    {
      schema: {
        tags: ['practice'],
        summary: 'Idle time-outs of this practice',
        params: Params,
        response: { 200: Policy },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      await requireRequestPracticeRole(deps, request, tenantId, [
        'practice_admin',
        'privacy_officer',
      ]);
      const row = await tenantTransaction(deps.db, tenantId, (tx) =>
        tx
          .selectFrom('practice_security_policy')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst(),
      );
      return {
        staffIdleMinutes: row?.staff_idle_minutes ?? DEFAULT_STAFF_IDLE_MINUTES,
        patientIdleMinutes: row?.patient_idle_minutes ?? DEFAULT_PATIENT_IDLE_MINUTES,
      };
    },
  );

  app.put(
    '/api/practices/:tenantId/session-policy',
    {
      schema: {
        tags: ['practice'],
        summary: 'Set the idle time-outs',
        params: Params,
        body: Policy,
        response: { 200: Policy },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const admin = await requireRequestPracticeRole(deps, request, tenantId, ['practice_admin']);
      const policy = request.body as { staffIdleMinutes: number; patientIdleMinutes: number };
      const values = {
        staff_idle_minutes: policy.staffIdleMinutes,
        patient_idle_minutes: policy.patientIdleMinutes,
      };
      await tenantTransaction(deps.db, tenantId, async (tx) => {
        await tx
          .insertInto('practice_security_policy')
          .values({ tenant_id: tenantId, ...values })
          .onConflict((c) => c.column('tenant_id').doUpdateSet(values))
          .execute();
        const change = { tenantId, actorUserId: admin.userId, setting: 'session_policy' };
        await auditPracticeSetting(tx, change, request);
      });
      return policy;
    },
  );
}
