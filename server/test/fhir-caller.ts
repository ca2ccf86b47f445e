/** Calls to the FHIR API of a test app with one bearer token, as an API client makes them. */
import type { LightMyRequestResponse } from 'fastify';
import type { HavenApp } from '../src/app/build-app.js';

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
