/**
 * The practice's side of change requests:
 * - GET /api/practices/:tenantId/change-requests: the requests waiting for an answer;
 * - POST /api/practices/:tenantId/change-requests/:id/decision: accept (the Patient changes)
 *   or decline with a reason.
 * Both go through the gate with the staff member's repository: who may see and answer them is
 * the `requests` row of the role table, and accepting also needs the right to change the
 * Patient (front desk, nurses, clinicians).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { staffRepository } from '../chart/record-request.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { decideChangeRequest, openChangeRequests } from './staff-change-requests.js';
import { Decision, StaffChangeRequest } from './change-request-schemas.js';

const Uuid = Type.String({ format: 'uuid' });

export function registerStaffChangeRequestRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/practices/:tenantId/change-requests',
    {
      schema: {
        tags: ['practice'],
        summary: "Patients' requests to change their name, birth date or gender, still open",
        params: Type.Object({ tenantId: Uuid }),
        response: { 200: Type.Object({ requests: Type.Array(StaffChangeRequest) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const repository = await staffRepository(deps, request, tenantId);
      return { requests: await openChangeRequests(repository) };
    },
  );

  app.post(
    '/api/practices/:tenantId/change-requests/:id/decision',
    {
      schema: {
        tags: ['practice'],
        summary: 'Accept a change request (the record changes) or decline it with a reason',
        params: Type.Object({ tenantId: Uuid, id: Uuid }),
        body: Decision,
        response: { 200: StaffChangeRequest },
      },
    },
    async (request) => {
      const { tenantId, id } = request.params as { tenantId: string; id: string };
      const repository = await staffRepository(deps, request, tenantId);
      const body = request.body as { decision: 'accept' | 'decline'; reason?: string };
      return decideChangeRequest(repository, id, body, deps.now());
    },
  );
}
