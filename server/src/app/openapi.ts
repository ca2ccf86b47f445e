/**
 * The HTTP API described as OpenAPI 3.1 at /openapi.json, generated from the same schemas
 * Fastify validates input and serializes output with, so the description cannot drift.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Haven',
        version,
        description:
          'Patient portal and clinic platform. Every route validates its input and declares its output; errors use stable codes (FHIR routes answer with OperationOutcome).',
      },
    },
  });
  app.get(
    '/openapi.json',
    {
      schema: {
        hide: true,
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    () => app.swagger(),
  );
}
