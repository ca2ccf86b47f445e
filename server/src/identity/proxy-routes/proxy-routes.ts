/**
 * The record switcher (CHILD-1, CHILD-2): GET /api/me/records lists the records a person can
 * open (their own, and those they act for as a parent, guardian or caregiver), and POST
 * /api/me/acting-as chooses one for the session. registerProxyRoutes also registers the routes
 * for managing grants (my-proxy-routes.ts) and the staff routes (guardian-routes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { systemTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { requireSignedIn } from '../http/auth-plugin.js';
import type { IdentityRouteOptions } from '../routes/auth-routes.js';
import { setActingPatient } from '../sessions/session-store.js';
import { actingRecord } from './acting-context.js';
import { accountNames } from './grant-views.js';
import { registerGuardianRoutes } from './guardian-routes.js';
import { registerMyProxyRoutes } from './my-proxy-routes.js';
import { listProxiedRecords, ownPatientAccounts, resolveRecordAccess } from './record-access.js';

const Uuid = Type.String({ format: 'uuid' });
const NullableString = Type.Union([Type.String(), Type.Null()]);

const ActingAnswer = Type.Object({
  self: Type.Boolean(),
  tenantId: NullableString,
  patientId: NullableString,
  /** Whose record the pages now show; null only when a patient's record names nobody. */
  displayName: NullableString,
  scopes: Type.Array(Type.String()),
  excludedCategories: Type.Array(Type.String()),
});

/** Registers the record switcher, the patient's proxy management and the staff guardian routes. */
export function registerProxyRoutes(app: FastifyInstance, options: IdentityRouteOptions): void {
  const { deps } = options;

  app.get(
    '/api/me/records',
    {
      schema: {
        tags: ['proxies'],
        summary: 'The records I can open: my own, and those I act for as a proxy',
        response: {
          200: Type.Object({
            current: Type.Union([
              Type.Object({
                tenantId: Type.String(),
                patientId: Type.String(),
                self: Type.Boolean(),
                displayName: NullableString,
              }),
              Type.Null(),
            ]),
            own: Type.Array(
              Type.Object({
                tenantId: Type.String(),
                practiceName: Type.String(),
                patientId: NullableString,
                status: Type.String(),
              }),
            ),
            proxied: Type.Array(
              Type.Object({
                tenantId: Type.String(),
                practiceName: Type.String(),
                patientId: Type.String(),
                displayName: NullableString,
                relationship: Type.String(),
                basis: Type.String(),
                scopes: Type.Array(Type.String()),
                excludedCategories: Type.Array(Type.String()),
                expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const own = await ownPatientAccounts(deps.db, session.userId);
      const proxied = await listProxiedRecords(deps, session.userId);
      const current = await actingRecord(deps, session);
      return {
        current: current
          ? {
              tenantId: current.tenantId,
              patientId: current.patientId,
              self: current.self,
              displayName: current.displayName,
            }
          : null,
        own,
        proxied: proxied.map((r) => ({
          tenantId: r.tenantId,
          practiceName: r.practiceName,
          patientId: r.patientId,
          displayName: r.displayName,
          relationship: r.proxy?.relationship ?? 'caregiver',
          basis: r.proxy?.basis ?? 'granted_by_patient',
          scopes: r.scopes,
          excludedCategories: r.excludedCategories,
          expiresAt: r.proxy?.expiresAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/me/acting-as',
    {
      schema: {
        tags: ['proxies'],
        summary: 'Choose whose record this session shows (my own, or one I act for)',
        body: Type.Union([
          Type.Object({ tenantId: Uuid, patientId: Uuid }, { additionalProperties: false }),
          Type.Object({ self: Type.Literal(true) }, { additionalProperties: false }),
        ]),
        response: { 200: ActingAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const body = request.body as { tenantId: string; patientId: string } | { self: true };
      if ('self' in body) {
        await systemTransaction(deps.db, (tx) =>
          setActingPatient(tx, session.id, { tenantId: null, patientId: null }),
        );
        const own = await actingRecord(deps, {
          userId: session.userId,
          actingTenantId: null,
          actingPatientId: null,
        });
        const name =
          own?.displayName ?? (await accountNames(deps, [session.userId])).get(session.userId);
        return {
          self: true,
          tenantId: own?.tenantId ?? null,
          patientId: own?.patientId ?? null,
          displayName: name ?? null,
          scopes: own?.scopes ?? [],
          excludedCategories: [],
        };
      }
      const access = await resolveRecordAccess(deps, session.userId, body);
      // A record the person may not open is "not found", like one that does not exist.
      if (!access) throw new AppError('not_found', 'No such record.');
      await systemTransaction(deps.db, (tx) =>
        setActingPatient(tx, session.id, {
          tenantId: access.tenantId,
          patientId: access.patientId,
        }),
      );
      const displayName = access.self
        ? (access.displayName ?? (await accountNames(deps, [session.userId])).get(session.userId))
        : access.displayName;
      return {
        self: access.self,
        tenantId: access.tenantId,
        patientId: access.patientId,
        displayName: displayName ?? null,
        scopes: access.scopes,
        excludedCategories: access.excludedCategories,
      };
    },
  );

  registerMyProxyRoutes(app, options);
  registerGuardianRoutes(app, options);
}
