/**
 * The FHIR R4 REST API under `/fhir/R4`: metadata, read, vread, history, search, create, update
 * (with If-Match), delete, `Patient/$everything`, and transaction/batch Bundles
 * (fhir-transaction.ts). Every record goes through the gate of the token's actor; errors are
 * OperationOutcomes (the error handler does that for every `/fhir/` route).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Resource } from '@medplum/fhirtypes';
import { Type } from 'typebox';
import { HAVEN_VERSION } from '../../version.js';
import { AppError } from '../../errors/app-error.js';
import type { IdentityRouteOptions } from '../../identity/routes/auth-routes.js';
import { assertValidResource } from '../validation/index.js';
import { capabilityStatement } from './capability-statement.js';
import { historyBundle } from './fhir-bundles.js';
import { assertStoredType, fhirRepository, ifMatchVersion } from './fhir-request.js';
import { searchResponse, everything } from './fhir-search-route.js';
import { registerFhirTransaction } from './fhir-transaction.js';

export const FHIR_BASE = '/fhir/R4';
const AnyResource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });
const TypeParam = Type.String({ pattern: '^[A-Z][A-Za-z]{1,63}$' });
const IdParam = Type.String({ minLength: 1, maxLength: 64 });
const TypeAndId = Type.Object({ resourceType: TypeParam, id: IdParam });

export function registerFhirRoutes(app: FastifyInstance, options: IdentityRouteOptions): void {
  const { deps } = options;
  const base = `${deps.publicUrl}${FHIR_BASE}`;

  app.get(
    `${FHIR_BASE}/metadata`,
    { schema: { summary: 'CapabilityStatement', response: { 200: AnyResource } } },
    async (_request, reply) =>
      fhir(reply).send(capabilityStatement(base, HAVEN_VERSION, deps.now())),
  );

  app.get(
    `${FHIR_BASE}/:resourceType/:id`,
    { schema: { summary: 'read', params: TypeAndId, response: { 200: AnyResource } } },
    async (request, reply) => {
      const { resourceType, id } = request.params as { resourceType: string; id: string };
      const repo = await fhirRepository(deps, request, resourceType, 'read');
      const resource = await repo.read(resourceType, id);
      return versioned(reply, resource).send(resource);
    },
  );

  app.get(
    `${FHIR_BASE}/:resourceType/:id/_history/:versionId`,
    {
      schema: {
        summary: 'vread',
        params: Type.Object({
          resourceType: TypeParam,
          id: IdParam,
          versionId: Type.String({ pattern: '^[0-9]{1,9}$' }),
        }),
        response: { 200: AnyResource },
      },
    },
    async (request, reply) => {
      const { resourceType, id, versionId } = request.params as Record<string, string>;
      const repo = await fhirRepository(deps, request, resourceType!, 'read');
      const [version] = await repo.history(resourceType!, id!, Number(versionId));
      if (!version || version.deleted)
        throw new AppError('not_found', 'This version was a delete.');
      return versioned(reply, version.resource).send(version.resource);
    },
  );

  app.get(
    `${FHIR_BASE}/:resourceType/:id/_history`,
    { schema: { summary: 'history', params: TypeAndId, response: { 200: AnyResource } } },
    async (request, reply) => {
      const { resourceType, id } = request.params as { resourceType: string; id: string };
      const repo = await fhirRepository(deps, request, resourceType, 'read');
      return fhir(reply).send(historyBundle(base, await repo.history(resourceType, id)));
    },
  );

  app.get(
    `${FHIR_BASE}/Patient/:id/$everything`,
    {
      schema: {
        summary: 'Patient $everything',
        params: Type.Object({ id: IdParam }),
        response: { 200: AnyResource },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const repo = await fhirRepository(deps, request, 'Patient', 'read');
      return fhir(reply).send(await everything(repo, base, id));
    },
  );

  app.get(
    `${FHIR_BASE}/:resourceType`,
    {
      schema: {
        summary: 'search',
        params: Type.Object({ resourceType: TypeParam }),
        response: { 200: AnyResource },
      },
    },
    async (request, reply) => {
      const { resourceType } = request.params as { resourceType: string };
      const repo = await fhirRepository(deps, request, resourceType, 'search');
      return fhir(reply).send(await searchResponse(repo, base, request, resourceType));
    },
  );

  app.post(
    `${FHIR_BASE}/:resourceType`,
    {
      schema: {
        summary: 'create',
        params: Type.Object({ resourceType: TypeParam }),
        response: { 201: AnyResource },
      },
    },
    async (request, reply) => {
      const { resourceType } = request.params as { resourceType: string };
      const repo = await fhirRepository(deps, request, resourceType, 'create');
      const body = checkedBody(request.body, resourceType);
      // A create's id is the server's to choose (FHIR RESTful API, create).
      const { id: _ignored, ...withoutId } = body;
      const created = await repo.write({ action: 'create', resource: withoutId as Resource });
      void reply.header(
        'location',
        `${base}/${resourceType}/${created.id}/_history/${created.meta?.versionId}`,
      );
      return versioned(reply, created).code(201).send(created);
    },
  );

  app.put(
    `${FHIR_BASE}/:resourceType/:id`,
    { schema: { summary: 'update', params: TypeAndId, response: { 200: AnyResource } } },
    async (request, reply) => {
      const { resourceType, id } = request.params as { resourceType: string; id: string };
      const repo = await fhirRepository(deps, request, resourceType, 'update');
      const body = checkedBody(request.body, resourceType);
      if (body.id !== id) {
        throw new AppError('validation_failed', 'The resource id must match the URL.', [
          { location: `${resourceType}.id`, message: 'differs from the id in the URL' },
        ]);
      }
      const expectedVersion = ifMatchVersion(request.headers['if-match']);
      const updated = await repo.write({
        action: 'update',
        resource: body,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      });
      return versioned(reply, updated).send(updated);
    },
  );

  app.delete(
    `${FHIR_BASE}/:resourceType/:id`,
    { schema: { summary: 'delete', params: TypeAndId, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { resourceType, id } = request.params as { resourceType: string; id: string };
      const repo = await fhirRepository(deps, request, resourceType, 'delete');
      await repo.write({ action: 'delete', resourceType, id });
      return reply.code(204).send();
    },
  );

  registerFhirTransaction(app, options, base);
}

/** The body as a valid resource of the URL's type, or a 400/422 naming each problem. */
export function checkedBody(body: unknown, resourceType: string): Resource {
  assertStoredType(resourceType);
  assertValidResource(body);
  const resource: Resource = body;
  if (resource.resourceType !== resourceType) {
    throw new AppError('validation_failed', 'The resource type must match the URL.', [
      { location: 'resourceType', message: 'differs from the type in the URL' },
    ]);
  }
  return resource;
}

function fhir(reply: FastifyReply): FastifyReply {
  return reply.type('application/fhir+json');
}

function versioned(reply: FastifyReply, resource: Resource): FastifyReply {
  if (resource.meta?.versionId) void reply.header('etag', `W/"${resource.meta.versionId}"`);
  if (resource.meta?.lastUpdated) {
    void reply.header('last-modified', new Date(resource.meta.lastUpdated).toUTCString());
  }
  return fhir(reply);
}
