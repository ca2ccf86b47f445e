/**
 * GET /api/me/record/export: the open record as a FHIR JSON file to keep (RIGHT-1), for the
 * patient or a proxy within their scope. Answered as an attachment, never cached (the app's
 * `no-store`), named by date only.
 */
import type { FastifyInstance } from 'fastify';
import { ResourceSchema } from '../chart/chart-routes.js';
import { actingRepository } from '../chart/record-request.js';
import { FHIR_BASE } from '../fhir/rest/fhir-routes.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { recordCopy, recordCopyFileName } from './record-export.js';

export function registerRecordExportRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/me/record/export',
    {
      schema: {
        tags: ['portal'],
        summary: 'Download the whole record I act on, as a FHIR R4 Bundle (JSON)',
        response: { 200: ResourceSchema },
      },
    },
    async (request, reply) => {
      const { repository, patientId } = await actingRepository(deps, request);
      const now = deps.now();
      const bundle = await recordCopy(repository, patientId, now, `${deps.publicUrl}${FHIR_BASE}`);
      return reply
        .type('application/fhir+json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${recordCopyFileName(now)}"`)
        .send(JSON.stringify(bundle));
    },
  );
}
