/**
 * A patient's choice to see some kinds of results only after a delay (a pathology report, a
 * genetic test), so they can hear it from their clinician first. The default is no delay at
 * all (21st Century Cures Act: no blanket hold); the lab feed marks results of a chosen kind,
 * and the gate keeps them from the patient and their proxies until then. Only the patient sets
 * it for their own record; the choice is sealed (what one delays is telling) and audited.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { appendInTransaction } from '../audit/index.js';
import { tenantScope } from '../crypto/index.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import {
  readReleasePreference,
  saveReleasePreference,
  type ReleasePreference,
} from '../feeds/hl7v2/result-release.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import { actingContext } from '../identity/proxy-routes/acting-context.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';

const Preference = Type.Object(
  {
    categories: Type.Array(Type.String({ pattern: '^[A-Z]{1,5}$' }), { maxItems: 20 }),
    codes: Type.Array(Type.String({ pattern: '^[0-9]{1,7}-[0-9]$' }), { maxItems: 50 }),
    delayHours: Type.Integer({ minimum: 0, maximum: 2160 }),
  },
  { additionalProperties: false },
);
const NONE: ReleasePreference = { categories: [], codes: [], delayHours: 0 };

export function registerResultReleaseRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions) {
  /** The person's own record; a proxy may not choose this for someone else. */
  const ownRecord = async (request: Parameters<typeof requireSignedIn>[0]) => {
    const session = requireSignedIn(request);
    const acting = await actingContext(deps, session);
    if (!acting) throw new AppError('not_found', 'No record is open.');
    if (acting.onBehalfOf !== undefined) {
      throw new AppError('forbidden', 'Only the patient chooses when they see their results.');
    }
    const key = await deps.keyring.dataKey(tenantScope(acting.tenantId));
    return { session, acting, key };
  };

  app.get(
    '/api/me/record/result-release',
    {
      schema: { summary: 'Which results I see only after a delay', response: { 200: Preference } },
    },
    async (request) => {
      const { acting, key } = await ownRecord(request);
      const found = await tenantTransaction(deps.db, acting.tenantId, (tx) =>
        readReleasePreference(tx, key, acting.tenantId, acting.patientId),
      );
      return found ?? NONE;
    },
  );

  app.put(
    '/api/me/record/result-release',
    {
      schema: {
        summary: 'Choose which results to see only after a delay (empty lists: none)',
        body: Preference,
        response: { 200: Preference },
      },
    },
    async (request) => {
      const { session, acting, key } = await ownRecord(request);
      const body = request.body as ReleasePreference;
      const delaying = body.categories.length > 0 || body.codes.length > 0;
      if (delaying && body.delayHours === 0) {
        throw new AppError('validation_failed', 'Say how long to wait.', [
          { location: 'delayHours', message: 'must be at least 1 when something is delayed' },
        ]);
      }
      const preference = delaying ? body : NONE;
      await tenantTransaction(deps.db, acting.tenantId, async (tx) => {
        await saveReleasePreference(tx, key, {
          tenantId: acting.tenantId,
          patientId: acting.patientId,
          preference,
          now: deps.now(),
        });
        await appendInTransaction(tx, [
          {
            tenantId: acting.tenantId,
            patientId: acting.patientId,
            actorUserId: session.userId,
            action: 'consent_change',
            outcome: 'success',
            dataCategory: 'results',
            reasonCode: 'result_release_preference',
            purposeOfUse: 'PATRQT',
            sourceAddress: request.ip,
            requestId: request.id,
          },
        ]);
      });
      return preference;
    },
  );
}
