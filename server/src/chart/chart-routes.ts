/**
 * Reading records over HTTP through the gate: a staff member reads a patient's chart in their
 * practice; a patient (or their proxy) reads the record they act on. Every call goes through a
 * RecordRepository, so each is decided, audited before the answer, and a record out of reach is
 * simply not found.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { actingRepository, parseTypes, staffRepository } from './record-request.js';

const Uuid = Type.String({ format: 'uuid' });
/** A FHIR resource: its shape is FHIR's, checked on the way in, so any properties pass out. */
export const ResourceSchema = Type.Object(
  { resourceType: Type.String(), id: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
const ResourceList = Type.Object({ resources: Type.Array(ResourceSchema) });
const TypeQuery = Type.Object({ type: Type.Optional(Type.String({ maxLength: 1000 })) });
const ResourceTypeParam = Type.String({ pattern: '^[A-Z][A-Za-z]{1,63}$' });

export function registerChartRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions): void {
  app.get(
    '/api/practices/:tenantId/patients/:patientId/records',
    {
      schema: {
        summary: "Search a patient's records (staff, through the access gate)",
        params: Type.Object({ tenantId: Uuid, patientId: Uuid }),
        querystring: TypeQuery,
        response: { 200: ResourceList },
      },
    },
    async (request) => {
      const { tenantId, patientId } = request.params as { tenantId: string; patientId: string };
      const types = parseTypes((request.query as { type?: string }).type);
      const repository = await staffRepository(deps, request, tenantId);
      // The whole chart leaves out the patient's conversations and statements (minimum
      // necessary: opening a chart is not reading the messages, which can hold files of
      // megabytes, nor the bills, which clinicians may not see: asking would put a refused look
      // at "insurance and billing" on the patient's access page). They are read on their own
      // tab or section, or asked for by type.
      const leaveOut = types === undefined ? ['Communication', 'Invoice'] : [];
      return { resources: await repository.searchPatient(patientId, types, 'search', leaveOut) };
    },
  );

  app.get(
    '/api/practices/:tenantId/records/:resourceType/:id',
    {
      schema: {
        summary: 'Read one record (staff, through the access gate)',
        params: Type.Object({ tenantId: Uuid, resourceType: ResourceTypeParam, id: Uuid }),
        response: { 200: ResourceSchema },
      },
    },
    async (request) => {
      const { tenantId, resourceType, id } = request.params as Record<string, string>;
      const repository = await staffRepository(deps, request, tenantId as string);
      return repository.read(resourceType as string, id as string);
    },
  );

  app.get(
    '/api/me/record/records',
    {
      schema: {
        summary: 'Search the records of the record I act on (mine, or as a proxy)',
        querystring: TypeQuery,
        response: { 200: ResourceList },
      },
    },
    async (request) => {
      const types = parseTypes((request.query as { type?: string }).type);
      const { repository, patientId } = await actingRepository(deps, request);
      return { resources: await repository.searchPatient(patientId, types) };
    },
  );

  app.get(
    '/api/me/record/records/:resourceType/:id',
    {
      schema: {
        summary: 'Read one record of the record I act on',
        params: Type.Object({ resourceType: ResourceTypeParam, id: Uuid }),
        response: { 200: ResourceSchema },
      },
    },
    async (request) => {
      const { resourceType, id } = request.params as Record<string, string>;
      const { repository } = await actingRepository(deps, request);
      return repository.read(resourceType as string, id as string);
    },
  );
}
