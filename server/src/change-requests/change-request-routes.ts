/**
 * The patient's side of change requests (DATA-1, USE-2):
 * - GET /api/me/record/self-service: what the practice lets them change, their name, birth date
 *   and gender as the record holds them, and their requests;
 * - POST /api/me/record/change-requests: ask for a change;
 * - POST /api/me/record/change-requests/:id/withdraw: take back one that still waits.
 * A proxy sees all of it but asks for nothing: these are the patient's own details.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { actingRepository } from '../chart/record-request.js';
import { AppError } from '../errors/app-error.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { SelfServicePolicySchema } from '../own-details/self-service-policy-routes.js';
import { loadSelfServicePolicy } from '../own-details/self-service-policy.js';
import type { RequestedChanges } from './change-request.js';
import {
  ownChangeRequests,
  requestChange,
  withdrawChangeRequest,
} from './change-request-service.js';
import { ChangeRequest, Identity, NewChangeRequest } from './change-request-schemas.js';

const SelfService = Type.Object({
  policy: SelfServicePolicySchema,
  identity: Identity,
  requests: Type.Array(ChangeRequest),
  canEdit: Type.Boolean(),
});

export function registerChangeRequestRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/me/record/self-service',
    {
      schema: {
        tags: ['portal'],
        summary: 'What I may change myself, my name, birth date and gender, and my requests',
        response: { 200: SelfService },
      },
    },
    async (request) => {
      const { repository, patientId, asProxy } = await actingRepository(deps, request);
      const policy = await loadSelfServicePolicy(deps.db, repository.tenantId);
      const own = await ownChangeRequests(repository, patientId);
      return { policy, ...own, canEdit: !asProxy };
    },
  );

  app.post(
    '/api/me/record/change-requests',
    {
      schema: {
        tags: ['portal'],
        summary: 'Ask the practice to change my name, birth date or gender',
        body: NewChangeRequest,
        response: { 201: ChangeRequest },
      },
    },
    async (request, reply) => {
      const { repository, patientId } = await ownRepository(deps, request);
      const policy = await loadSelfServicePolicy(deps.db, repository.tenantId);
      const body = request.body as { changes: RequestedChanges; reason: string };
      const created = await requestChange(repository, patientId, policy, body, deps.now());
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/me/record/change-requests/:id/withdraw',
    {
      schema: {
        tags: ['portal'],
        summary: 'Withdraw a change request that still waits',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: ChangeRequest },
      },
    },
    async (request) => {
      const { repository } = await ownRepository(deps, request);
      const { id } = request.params as { id: string };
      return withdrawChangeRequest(repository, id, deps.now());
    },
  );
}

/** The patient's own repository; a proxy is told plainly that this is the patient's to do. */
async function ownRepository(deps: IdentityDeps, request: FastifyRequest) {
  const acting = await actingRepository(deps, request);
  if (acting.asProxy) {
    throw new AppError('forbidden', 'Only the patient asks for their own details to be changed.');
  }
  return acting;
}
