/**
 * GET /api/practices/:tenantId/schedule?from=&to=: the practice's appointments in a span of at
 * most a week (the browser sends its own day's bounds, so the day is the reader's), through the
 * gate with the staff member's repository.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { staffRepository } from '../chart/record-request.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { appointmentsBetween } from './practice-schedule.js';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const ScheduleEntry = Type.Object({
  id: Type.String(),
  status: Type.String(),
  start: Type.String(),
  end: Type.Optional(Type.String()),
  kind: Type.String(),
  with: Type.Array(Type.String()),
  patientId: Type.Union([Type.String(), Type.Null()]),
  patientName: Type.Union([Type.String(), Type.Null()]),
});

export function registerScheduleRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.get(
    '/api/practices/:tenantId/schedule',
    {
      schema: {
        tags: ['practice'],
        summary: "The practice's appointments between two instants (at most a week), soonest first",
        params: Type.Object({ tenantId: Uuid }),
        querystring: Type.Object({ from: Instant, to: Instant }),
        response: { 200: Type.Object({ appointments: Type.Array(ScheduleEntry) }) },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const { from, to } = request.query as { from: string; to: string };
      const repository = await staffRepository(deps, request, tenantId);
      return { appointments: await appointmentsBetween(repository, new Date(from), new Date(to)) };
    },
  );
}
