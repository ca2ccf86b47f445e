/**
 * Bearer authentication for routes: `requireBearer(request)` (or the `bearerAuth` preHandler)
 * resolves the `Authorization: Bearer` header on every request and answers 401 with
 * `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3) when it is missing or not
 * valid; on `/fhir/` routes the body is an OperationOutcome (the error handler's rule).
 *
 * A bearer request carries no cookie, so it needs no CSRF token: nothing in it is ambient, and
 * a page on another site cannot add it. A request carrying both a session cookie and a bearer
 * token is refused as ambiguous (identity/http/auth-plugin.ts), and again here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { SESSION_COOKIE } from '../identity/http/auth-plugin.js';
import type { Principal } from '../gate/gate-actor.js';
import {
  bearerCredential,
  resolveCredential,
  type ApiPrincipal,
  type BearerCredential,
} from './bearer-resolution.js';
import { scopeAllows, type Interaction } from './scopes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What bearer resolution needs; set by registerApiAuthRoutes. */
    apiAuthDeps: IdentityDeps | undefined;
  }
  interface FastifyRequest {
    /** The principal of a bearer-authenticated request, once requireBearer has run. */
    apiPrincipal: ApiPrincipal | undefined;
    /** The `WWW-Authenticate` challenge for a refused bearer request (sent by an onSend hook). */
    bearerChallenge: string | undefined;
  }
}

const REALM = 'realm="haven"';

/** The request's API principal, resolved now from its bearer token; throws 401 otherwise. */
export async function requireBearer(request: FastifyRequest): Promise<ApiPrincipal> {
  if (request.apiPrincipal) return request.apiPrincipal;
  const credential = await requireBearerCredential(request);
  const principal = await resolveCredential(apiAuthDepsOf(request), credential);
  return acceptBearerPrincipal(request, principal);
}

/**
 * The first half of {@link requireBearer}, which needs no database: the request's bearer
 * credential, or 401 when there is none, it is malformed, or a session cookie came with it.
 * The second half, {@link acceptBearerPrincipal}, takes what `principalOfCredential` read, so a
 * caller can read it inside its own transaction (the FHIR API does: fhir/rest/fhir-request.ts).
 */
export async function requireBearerCredential(request: FastifyRequest): Promise<BearerCredential> {
  const deps = apiAuthDepsOf(request);
  if (request.cookies[SESSION_COOKIE] !== undefined) {
    request.bearerChallenge = `Bearer ${REALM}, error="invalid_request"`;
    throw new AppError('bad_request', 'Send either a session cookie or a bearer token, not both.');
  }
  const header = request.headers.authorization;
  if (header === undefined) {
    // No credentials at all: a bare challenge, no error code (RFC 6750 §3.1).
    request.bearerChallenge = `Bearer ${REALM}`;
    throw new AppError('unauthenticated', 'Send an access token: Authorization: Bearer <token>.');
  }
  const credential = await bearerCredential(deps, header);
  if (!credential) throw invalidToken(request);
  return credential;
}

/** The principal a credential resolved to, kept on the request; 401 when it resolved to none. */
export function acceptBearerPrincipal(
  request: FastifyRequest,
  principal: ApiPrincipal | undefined,
): ApiPrincipal {
  if (!principal) throw invalidToken(request);
  request.apiPrincipal = principal;
  request.log = request.log.child({
    actorId: principal.kind === 'user' ? principal.userId : principal.clientId,
    tenantId: principal.tenantId,
  });
  return principal;
}

function invalidToken(request: FastifyRequest): AppError {
  request.bearerChallenge = `Bearer ${REALM}, error="invalid_token"`;
  return new AppError('unauthenticated', 'The access token is unknown, expired or revoked.');
}

function apiAuthDepsOf(request: FastifyRequest): IdentityDeps {
  const deps = request.server.apiAuthDeps;
  if (!deps) throw new Error('registerApiAuthRoutes was not called on this app');
  return deps;
}

/** A preHandler that requires a valid bearer token (then read `request.apiPrincipal`). */
export async function bearerAuth(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  await requireBearer(request);
}

/**
 * Throws 403 with `error="insufficient_scope"` unless the token's scopes allow the interaction
 * on the resource type. Scopes are an upper bound: the gate still decides each record.
 */
export function requireScope(
  request: FastifyRequest,
  principal: ApiPrincipal,
  resourceType: string,
  interaction: Interaction,
): void {
  if (scopeAllows(principal.scopes, resourceType, interaction)) return;
  request.bearerChallenge = `Bearer ${REALM}, error="insufficient_scope"`;
  throw new AppError('forbidden', 'The access token’s scopes do not allow this.');
}

/**
 * The gate principal a token speaks for: a staff member, a patient on their own record, or a
 * system client of the practice (its row id as `clientId`). Undefined only for a patient token
 * without a record, which resolution never returns.
 */
export function gatePrincipalFor(principal: ApiPrincipal): Principal | undefined {
  if (principal.kind === 'client') {
    return { kind: 'client', clientId: principal.clientId, tenantId: principal.tenantId };
  }
  if (principal.actingAs === 'staff') {
    return { kind: 'staff', tenantId: principal.tenantId, userId: principal.userId };
  }
  if (principal.patientId === undefined) return undefined;
  return {
    kind: 'patient',
    userId: principal.userId,
    tenantId: principal.tenantId,
    patientId: principal.patientId,
  };
}
