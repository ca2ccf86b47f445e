/**
 * `GET /api/practices/:tenantId/access-review` (ACC-4): the periodic access review for privacy
 * officers and practice administrators. Reading it is audited like any report.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { appendInTransaction } from '../audit/index.js';
import { platformScope } from '../crypto/index.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { accountContact } from '../identity/accounts/accounts.js';
import { requireRequestPracticeRole } from '../identity/http/practice-guard.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { accessReview, UNUSED_AFTER_DAYS } from './access-review.js';

const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);
const Row = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  patientData: Type.Boolean(),
  clinicalAccess: Type.Boolean(),
  clearanceGaps: Type.Array(Type.String()),
  sensitiveLabels: Type.Array(Type.String()),
  careRelationships: Type.Integer(),
  lastSignIn: When,
  lastRecordAccess: When,
  recordAccesses: Type.Integer(),
  deniedAccesses: Type.Integer(),
  breakGlassAccesses: Type.Integer(),
  unused: Type.Boolean(),
});

export function registerAccessReviewRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions) {
  app.get(
    '/api/practices/:tenantId/access-review',
    {
      schema: {
        summary: 'Who holds which role and access, and when they last used it (ACC-4)',
        params: Type.Object({ tenantId: Type.String({ format: 'uuid' }) }),
        response: {
          200: Type.Object({
            periodDays: Type.Integer(),
            generatedAt: Type.String(),
            staff: Type.Array(Row),
          }),
        },
      },
    },
    async (request) => {
      const { tenantId } = request.params as { tenantId: string };
      const session = await requireRequestPracticeRole(deps, request, tenantId, [
        'privacy_officer',
        'practice_admin',
      ]);
      const now = deps.now();
      const rows = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const review = await accessReview(tx, tenantId, now);
        await appendInTransaction(tx, [
          {
            tenantId,
            actorUserId: session.userId,
            action: 'read',
            outcome: 'allowed',
            dataCategory: 'access_review',
            reasonCode: 'access_review',
            purposeOfUse: 'HOPERAT',
            sourceAddress: request.ip,
            requestId: request.id,
          },
        ]);
        return review;
      });
      const key = await deps.keyring.dataKey(platformScope());
      const names = await systemTransaction(deps.db, async (tx) => {
        const found = new Map<string, string>();
        for (const row of rows)
          found.set(row.userId, (await accountContact(tx, key, row.userId)).displayName);
        return found;
      });
      return {
        periodDays: UNUSED_AFTER_DAYS,
        generatedAt: now.toISOString(),
        staff: rows.map((row) => ({
          ...row,
          name: names.get(row.userId) ?? 'Unknown',
          lastSignIn: row.lastSignIn?.toISOString() ?? null,
          lastRecordAccess: row.lastRecordAccess?.toISOString() ?? null,
        })),
      };
    },
  );
}
