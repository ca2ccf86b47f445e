/**
 * Staff routes under /api/practices/:tenantId: a staff member's own clearance and the
 * confidentiality agreement they sign (here), and practice staff administration
 * (staff-admin-routes.ts). Every route needs a signed-in session, checked before the input is
 * (signedInFirst), and the caller must be staff of that practice: for anyone else the practice's
 * staff resources are not found.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantTransaction } from '../../db/transactions.js';
import { notFound } from '../../errors/app-error.js';
import { requireSignedIn } from '../http/auth-plugin.js';
import type { IdentityRouteOptions } from '../routes/auth-routes.js';
import {
  ATTESTATION_TEXT,
  CURRENT_ATTESTATION_VERSION,
  type AttestationLocale,
} from './attestation-text.js';
import { attestationHistory, signAttestation } from './attestation.js';
import { staffClearance } from './clearance.js';
import { requirePracticeRole } from './practice-staff.js';
import { signedInFirst } from './signed-in-first.js';
import { registerStaffAdminRoutes } from './staff-admin-routes.js';
import {
  AttestationAnswer,
  ClearanceAnswer,
  PracticeParams,
  Signature,
  signatureJson,
} from './staff-schemas.js';

/** Registers every staff route (clearance, attestation, practice staff administration). */
export function registerStaffRoutes(app: FastifyInstance, options: IdentityRouteOptions): void {
  const { deps } = options;

  app.get(
    '/api/practices/:tenantId/me/clearance',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'My clearance in this practice: patient data, clinical work, and what is missing',
        params: PracticeParams,
        response: { 200: ClearanceAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.params as { tenantId: string };
      return tenantTransaction(deps.db, tenantId, async (tx) => {
        const clearance = await staffClearance(tx, {
          tenantId,
          userId: session.userId,
          now: deps.now(),
        });
        if (clearance.roles.length === 0) throw notFound();
        return clearance;
      });
    },
  );

  app.get(
    '/api/practices/:tenantId/attestation',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'The current confidentiality agreement, and my signatures of it',
        params: PracticeParams,
        querystring: Type.Object({
          lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('es')])),
        }),
        response: { 200: AttestationAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.params as { tenantId: string };
      const { lang } = request.query as { lang?: AttestationLocale };
      const locale = lang ?? 'en';
      const history = await tenantTransaction(deps.db, tenantId, async (tx) => {
        await requirePracticeRole(tx, tenantId, session.userId);
        return attestationHistory(tx, tenantId, session.userId);
      });
      const current = history.find((s) => s.version === CURRENT_ATTESTATION_VERSION);
      return {
        version: CURRENT_ATTESTATION_VERSION,
        locale,
        title: ATTESTATION_TEXT[locale].title,
        paragraphs: [...ATTESTATION_TEXT[locale].paragraphs],
        signedAt: current?.signedAt.toISOString() ?? null,
        history: history.map(signatureJson),
      };
    },
  );

  app.post(
    '/api/practices/:tenantId/attestation',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'Sign the current confidentiality agreement (signing again changes nothing)',
        params: PracticeParams,
        body: Type.Object({ version: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 200: Signature },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.params as { tenantId: string };
      const { version } = request.body as { version: string };
      const signature = await tenantTransaction(deps.db, tenantId, async (tx) => {
        await requirePracticeRole(tx, tenantId, session.userId);
        return signAttestation(tx, { tenantId, userId: session.userId, version, now: deps.now() });
      });
      return signatureJson(signature);
    },
  );

  registerStaffAdminRoutes(app, options);
}
