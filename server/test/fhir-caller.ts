/** Calls to the FHIR API of a test app with one bearer token, as an API client makes them. */
import type { LightMyRequestResponse } from 'fastify';
import { issueTestToken } from '../src/api-auth/api-auth-test-fixtures.js';
import type { HavenApp } from '../src/app/build-app.js';
import type { Keyring } from '../src/crypto/index.js';
import type { HavenDatabase } from '../src/db/database.js';

/** One FHIR call: a path under /fhir/R4, a body (sent as FHIR JSON; a string is sent as is). */
export type FhirCaller = (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;

export function fhirCaller(app: HavenApp, authorization: string): FhirCaller {
  return (method, url, body, headers = {}) =>
    app.inject({
      method,
      url: `/fhir/R4${url}`,
      headers: {
        authorization,
        ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
}

/** A FHIR caller with a new personal token of a staff member of the practice, issued at `now`. */
export async function staffFhirCaller(
  app: HavenApp,
  db: HavenDatabase,
  keyring: Keyring,
  staff: { tenantId: string; userId: string },
  now: Date,
): Promise<FhirCaller> {
  const { authorization } = await issueTestToken(db, keyring, { staff }, { now });
  return fhirCaller(app, authorization);
}
