/**
 * GET/PUT /api/practices/:tenantId/self-service: what the practice lets its patients change
 * themselves (DATA-1). Front desk and the privacy officer read it (they answer patients'
 * questions about it); only the practice administrator changes it, and the change is audited
 * as a configuration change (auditPracticeSetting).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantTransaction } from '../db/transactions.js';
import { auditPracticeSetting } from '../tenancy/practice-setting-audit.js';
import { requireRequestPracticeRole } from '../identity/http/practice-guard.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import {
  loadSelfServicePolicy,
  saveSelfServicePolicy,
  type SelfServicePolicy,
} from './self-service-policy.js';

const Contact = Type.Union([Type.Literal('self'), Type.Literal('practice')]);
const Identity = Type.Union([Type.Literal('request'), Type.Literal('practice')]);

export const SelfServicePolicySchema = Type.Object(
  {
    contact: Contact,
    address: Contact,
    emergencyContacts: Contact,
    language: Contact,
    name: Identity,
    birthDate: Identity,
    gender: Identity,
  },
  { additionalProperties: false },
);
const Params = Type.Object({ tenantId: Type.String({ format: 'uuid' }) });

export function registerSelfServicePolicyRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/practices/:tenantId/self-service',
    {
      schema: {
        tags: ['practice'],
        summary: 'What patients of this practice may change themselves',
        params: Params,
        response: { 200: SelfServicePolicySchema },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      await requireRequestPracticeRole(deps, request, tenantId, [
        'practice_admin',
        'privacy_officer',
        'front_desk',
      ]);
      return loadSelfServicePolicy(deps.db, tenantId);
    },
  );

  app.put(
    '/api/practices/:tenantId/self-service',
    {
      schema: {
        tags: ['practice'],
        summary: 'Set what patients may change themselves',
        params: Params,
        body: SelfServicePolicySchema,
        response: { 200: SelfServicePolicySchema },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const admin = await requireRequestPracticeRole(deps, request, tenantId, ['practice_admin']);
      const policy = request.body as SelfServicePolicy;
      await tenantTransaction(deps.db, tenantId, async (tx) => {
        await saveSelfServicePolicy(tx, tenantId, policy, deps.now());
        const change = { tenantId, actorUserId: admin.userId, setting: 'self_service_policy' };
        await auditPracticeSetting(tx, change, request);
      });
      return policy;
    },
  );
}
