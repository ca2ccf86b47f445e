/**
 * Binding a FHIR request to a repository: the bearer token names the practice and who acts (a
 * staff member, a patient on their own record, or a registered system client); its SMART scopes
 * bound which types and interactions may be tried; the gate then decides each record.
 */
import type { FastifyRequest } from 'fastify';
import { categoryOf } from '../../access/index.js';
import {
  acceptBearerPrincipal,
  gatePrincipalFor,
  credentialStanding,
  requireBearerCredential,
  requireScope,
  type ApiPrincipal,
  type Interaction,
} from '../../api-auth/index.js';
import { AppError } from '../../errors/app-error.js';
import type { Principal } from '../../gate/gate-actor.js';
import { RecordRepository } from '../../gate/record-repository.js';
import type { IdentityDeps } from '../../identity/identity-deps.js';

/**
 * The repository for this request. The token is checked as far as it can be without the
 * database here (401 if missing or malformed); the rest (the token row, its client, the
 * person's standing, then its scopes for the type) inside the repository's transaction (a
 * read session for reads), the same one that reads or writes the records: one per request.
 */
export async function fhirRepository(
  deps: IdentityDeps,
  request: FastifyRequest,
  resourceType: string,
  interaction: Interaction,
): Promise<RecordRepository> {
  const origin = { sourceAddress: request.ip };
  // A transaction Bundle resolves its token once, then binds a repository per type.
  const resolved = request.apiPrincipal;
  if (resolved) {
    assertStoredType(resourceType);
    return new RecordRepository(
      deps,
      boundPrincipal(request, resolved, resourceType, interaction),
      origin,
    );
  }
  const credential = await requireBearerCredential(request);
  assertStoredType(resourceType);
  return new RecordRepository(
    deps,
    {
      kind: 'deferred',
      tenantId: credential.tenantId,
      resolve: async (tx, now) => {
        const standing = await credentialStanding(tx, credential, now);
        const principal = acceptBearerPrincipal(request, standing?.principal);
        const bound = boundPrincipal(request, principal, resourceType, interaction);
        return { principal: bound, staffFacts: standing?.staffFacts };
      },
    },
    origin,
  );
}

/** The gate principal of a token allowed, by its scopes, to try `interaction` on the type. */
function boundPrincipal(
  request: FastifyRequest,
  principal: ApiPrincipal,
  resourceType: string,
  interaction: Interaction,
): Principal {
  requireScope(request, principal, resourceType, interaction);
  const bound = gatePrincipalFor(principal);
  if (!bound) throw new AppError('forbidden', 'This access token cannot read records.');
  return bound;
}

/** Unknown types are not found: Haven stores only the types its access rules know. */
export function assertStoredType(resourceType: string): void {
  if (categoryOf(resourceType) === undefined) {
    throw new AppError('not_found', 'Haven does not store resources of this type.', [
      { location: 'resourceType', message: 'is not a supported resource type' },
    ]);
  }
}

/** The version named by `If-Match: W/"3"` (or `"3"`), or undefined without the header. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) {
    throw new AppError('validation_failed', 'If-Match must name a version, like W/"3".', [
      { location: 'If-Match', message: 'is not a version tag' },
    ]);
  }
  return Number(match[1]);
}
