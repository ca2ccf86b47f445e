/**
 * Reading the audit log. Privacy officers search their practice's log (filters, sort by any
 * field, CSV export; the export is itself audited). Patients see who accessed their record, in
 * plain terms: who (name and role), which practice, when, what kind of data, and why.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { platformScope } from '../crypto/index.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { accountContact } from '../identity/accounts/accounts.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import { requirePatientDataAccess } from '../identity/http/practice-guard.js';
import { actingContext } from '../identity/proxy-routes/acting-context.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { appendInTransaction, AUDIT_ACTIONS, AUDIT_OUTCOMES, AUDIT_SORT_COLUMNS } from './index.js';
import { auditLogCsv } from './audit-csv.js';
import { describeAccess } from './access-words.js';
import { latestGrant } from '../break-glass/break-glass-grants.js';
import { currentPractice } from '../tenancy/practices.js';
import {
  accessesToPatient,
  searchAuditLog,
  type AuditLogRow,
  type AuditSortField,
} from './audit-report.js';
import type { AuditAction, AuditOutcome } from './audit-entry.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);
const Row = Type.Object({
  at: Type.String({ format: 'date-time' }),
  patientId: Nullable(Type.String()),
  actorUserId: Nullable(Type.String()),
  onBehalfOfUserId: Nullable(Type.String()),
  action: Type.String(),
  dataCategory: Nullable(Type.String()),
  outcome: Type.String(),
  reasonCode: Nullable(Type.String()),
  purposeOfUse: Nullable(Type.String()),
  sourceAddress: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  resourceType: Nullable(Type.String()),
  resourceId: Nullable(Type.String()),
  breakGlass: Type.Boolean(),
});
const ReportQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  userId: Type.Optional(Uuid),
  patientId: Type.Optional(Uuid),
  action: Type.Optional(Type.Union(AUDIT_ACTIONS.map((a) => Type.Literal(a)))),
  outcome: Type.Optional(Type.Union(AUDIT_OUTCOMES.map((o) => Type.Literal(o)))),
  sortBy: Type.Optional(Type.Union(Object.keys(AUDIT_SORT_COLUMNS).map((k) => Type.Literal(k)))),
  sortDir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
type Query = {
  from?: string;
  to?: string;
  userId?: string;
  patientId?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  sortBy?: AuditSortField;
  sortDir?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
  format?: 'json' | 'csv';
};

function rowJson(row: AuditLogRow) {
  const { tenantId, chainId, seq, ...rest } = row;
  return { ...rest, at: row.at.toISOString() };
}

export function registerAuditRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.get(
    '/api/practices/:tenantId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the practice’s audit log (privacy officers); format=csv downloads it',
        params: Type.Object({ tenantId: Uuid }),
        querystring: ReportQuery,
        response: {
          200: Type.Union([
            Type.Object({ rows: Type.Array(Row), nextCursor: Type.Optional(Type.String()) }),
            Type.String(),
          ]),
        },
      },
    },
    async (request, reply) => {
      const { tenantId } = request.params as { tenantId: string };
      const session = await requirePatientDataAccess(deps, request, tenantId, ['privacy_officer']);
      const { format, ...search } = request.query as Query;
      const page = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const found = await searchAuditLog(tx, search);
        if (format === 'csv') {
          // Taking a copy of the log out of Haven is itself an event worth a record.
          await appendInTransaction(tx, [
            {
              tenantId,
              actorUserId: session.userId,
              action: 'export',
              outcome: 'success',
              dataCategory: 'audit_log',
              sourceAddress: request.ip,
              requestId: request.id,
            },
          ]);
        }
        return found;
      });
      if (format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="audit-log.csv"')
          .send(auditLogCsv(page.rows));
      }
      return {
        rows: page.rows.map(rowJson),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );

  app.get(
    '/api/me/record/accesses',
    {
      schema: {
        tags: ['audit'],
        summary: 'Who accessed the record I am looking at (mine, or one I hold proxy access to)',
        querystring: Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: {
          200: Type.Object({
            accesses: Type.Array(
              Type.Object({
                at: Type.String({ format: 'date-time' }),
                who: Type.String(),
                roles: Type.Array(Type.String()),
                onBehalfOf: Type.Boolean(),
                action: Type.String(),
                dataCategory: Nullable(Type.String()),
                why: Nullable(Type.String()),
                breakGlass: Type.Boolean(),
                breakGlassReason: Nullable(Type.String()),
                /** The gate refused it: nothing was seen. */
                refused: Type.Boolean(),
                practice: Type.String(),
                description: Type.String(),
              }),
            ),
            nextCursor: Type.Optional(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const acting = await actingContext(deps, session);
      if (!acting || !acting.scopes.includes('read'))
        throw new AppError('not_found', 'No record is open.');
      const { cursor } = request.query as { cursor?: string };
      const { tenantId, patientId } = acting;
      const page = await tenantTransaction(deps.db, tenantId, (tx) =>
        accessesToPatient(tx, patientId, {
          excludeActor: session.userId,
          ...(cursor ? { cursor } : {}),
        }),
      );
      const actors = [
        ...new Set(page.rows.map((r) => r.actorUserId).filter((id): id is string => id !== null)),
      ];
      const roles = await tenantTransaction(deps.db, tenantId, (tx) =>
        actors.length === 0
          ? Promise.resolve([])
          : tx
              .selectFrom('practice_membership')
              .select(['user_id', 'role'])
              .where('user_id', 'in', actors)
              .execute(),
      );
      const context = await tenantTransaction(deps.db, tenantId, async (tx) => ({
        practice: (await currentPractice(tx))?.name ?? '',
        // The coded reason of the grant each emergency access rested on (ACC-5, ACC-7).
        reasons: await Promise.all(
          page.rows.map(async (row) =>
            row.breakGlass && row.actorUserId
              ? ((await latestGrant(tx, tenantId, row.actorUserId, patientId, row.at))
                  ?.reasonCode ?? null)
              : null,
          ),
        ),
      }));
      const key = await deps.keyring.dataKey(platformScope());
      // An actor is a person (an account) or a registered system client of the practice.
      const clients = await tenantTransaction(deps.db, tenantId, (tx) =>
        actors.length === 0
          ? Promise.resolve([])
          : tx.selectFrom('api_client').select(['id', 'name']).where('id', 'in', actors).execute(),
      );
      const clientIds = new Set(clients.map((c) => c.id));
      const people = actors.filter((id) => !clientIds.has(id));
      const names = new Map<string, string>([
        ...clients.map((c) => [c.id, `${c.name} (connected system)`] as const),
        ...(await systemTransaction(deps.db, (tx) =>
          Promise.all(
            people.map(
              async (id) => [id, (await accountContact(tx, key, id)).displayName] as const,
            ),
          ),
        )),
      ]);
      return {
        accesses: page.rows.map((row, index) => ({
          at: row.at.toISOString(),
          who: row.actorUserId ? (names.get(row.actorUserId) ?? 'Unknown') : 'Haven (automatic)',
          roles: roles.filter((r) => r.user_id === row.actorUserId).map((r) => r.role),
          onBehalfOf: row.onBehalfOfUserId !== null,
          action: row.action,
          dataCategory: row.dataCategory,
          why: row.purposeOfUse ?? row.reasonCode,
          breakGlass: row.breakGlass,
          breakGlassReason: context.reasons[index] ?? null,
          refused: row.outcome === 'denied',
          practice: context.practice,
          description: describeAccess({
            ...row,
            breakGlassReason: context.reasons[index] ?? null,
          }),
        })),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );
}
