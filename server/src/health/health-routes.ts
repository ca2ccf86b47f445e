/**
 * Liveness and readiness for load balancers and orchestrators. /healthz says the process
 * answers; /readyz says it can serve: the database answers and every migration the code
 * expects is applied. Neither touches health data.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pingDatabase, type HavenDatabase } from '../db/database.js';
import { pendingMigrations } from '../db/migrator.js';

const Live = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  reason: Type.Optional(
    Type.Union([Type.Literal('database_unreachable'), Type.Literal('migrations_pending')]),
  ),
});

export function registerHealthRoutes(app: FastifyInstance, db: HavenDatabase): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is up', response: { 200: Live } } },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The database is reachable and migrated',
        response: { 200: Ready, 503: Ready },
      },
    },
    async (_request, reply) => {
      if (!(await pingDatabase(db))) {
        return reply.code(503).send({ status: 'not_ready', reason: 'database_unreachable' });
      }
      let pending: string[];
      try {
        pending = await pendingMigrations(db);
      } catch {
        return reply.code(503).send({ status: 'not_ready', reason: 'database_unreachable' });
      }
      if (pending.length > 0) {
        return reply.code(503).send({ status: 'not_ready', reason: 'migrations_pending' });
      }
      return { status: 'ready' as const };
    },
  );
}
