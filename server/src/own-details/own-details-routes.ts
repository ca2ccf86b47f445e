/**
 * GET/PUT /api/me/record/details: the patient reads and changes their own contact details
 * (USE-2, DATA-2). Both go through the gate on the record the session acts on: the read like
 * any record read, the write as an update marked with the own-details workflow, which the gate
 * allows to the patient alone (a proxy is refused) and on their own Patient only. The stored
 * version is the base and must still be current, so a change made meanwhile by the practice
 * is never overwritten (409, "reload").
 */
import type { Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { actingRepository } from '../chart/record-request.js';
import { AppError } from '../errors/app-error.js';
import { assertValidResource } from '../fhir/validation/index.js';
import type { IdentityRouteOptions } from '../identity/routes/auth-routes.js';
import { changedGroups, ownDetailsOf, withOwnDetails, type OwnDetails } from './own-details.js';
import { loadSelfServicePolicy } from './self-service-policy.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const Phone = Type.String({
  minLength: 3,
  maxLength: 40,
  pattern: '^[0-9+()\\-. ]*[0-9][0-9+()\\-. ]*$',
});

const Details = Type.Object(
  {
    phones: Type.Array(
      Type.Object(
        {
          use: Type.Union([Type.Literal('mobile'), Type.Literal('home'), Type.Literal('work')]),
          value: Phone,
        },
        { additionalProperties: false },
      ),
      { maxItems: 3 },
    ),
    email: Type.Optional(
      Type.String({ maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
    ),
    address: Type.Optional(
      Type.Object(
        {
          line: Type.Array(Text(100), { minItems: 1, maxItems: 3 }),
          city: Text(100),
          state: Type.Optional(Text(60)),
          postalCode: Type.Optional(Text(20)),
          country: Type.Optional(Text(60)),
        },
        { additionalProperties: false },
      ),
    ),
    emergencyContacts: Type.Array(
      Type.Object(
        { name: Text(100), relationship: Text(60), phone: Phone },
        { additionalProperties: false },
      ),
      { maxItems: 3 },
    ),
    preferredLanguage: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}(-[A-Z]{2})?$' })),
  },
  { additionalProperties: false },
);

export function registerOwnDetailsRoutes(
  app: FastifyInstance,
  { deps }: IdentityRouteOptions,
): void {
  app.get(
    '/api/me/record/details',
    {
      schema: {
        tags: ['portal'],
        summary: 'My contact details, emergency contacts and preferred language',
        response: { 200: Details },
      },
    },
    async (request) => {
      const { repository, patientId } = await actingRepository(deps, request);
      return ownDetailsOf((await repository.read('Patient', patientId)) as Patient);
    },
  );

  app.put(
    '/api/me/record/details',
    {
      schema: {
        tags: ['portal'],
        summary:
          'Change my contact details (the patient only, and only what the practice lets patients change)',
        body: Details,
        response: { 200: Details },
      },
    },
    async (request) => {
      const { repository, patientId } = await actingRepository(deps, request);
      const policy = await loadSelfServicePolicy(deps.db, repository.tenantId);
      const stored = (await repository.read('Patient', patientId)) as Patient;
      const next = withOwnDetails(stored, request.body as OwnDetails);
      // Compared as read back, so spacing and order the form adds are not taken for a change.
      const kept = changedGroups(ownDetailsOf(stored), ownDetailsOf(next)).filter(
        (group) => policy[group] === 'practice',
      );
      if (kept.length > 0) {
        throw new AppError(
          'validation_failed',
          'Your practice changes some of these details itself. Call them to change them.',
          kept.map((group) => ({
            location: `/${group}`,
            message: 'is changed by the practice only',
          })),
        );
      }
      assertValidResource(next);
      const version = Number(stored.meta?.versionId);
      const written = await repository.write({
        action: 'update',
        resource: next,
        ownDetails: true,
        ...(Number.isInteger(version) ? { expectedVersion: version } : {}),
      });
      return ownDetailsOf(written as Patient);
    },
  );
}
