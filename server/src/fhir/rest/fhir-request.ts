/**
 * Binding a FHIR request to a repository: the bearer token names the practice and who acts (a
 * staff member, a patient on their own record, or a registered system client); its SMART scopes
 * bound which types and interactions may be tried; the gate then decides each record.
 */
import type { FastifyRequest } from 'fastify';
import { categoryOf } from '../../access/index.js';
import {
  gatePrincipalFor,
  requireBearer,
  requireScope,
  type Interaction,
} from '../../api-auth/index.js';
import { AppError } from '../../errors/app-error.js';
import type { Principal } from '../../gate/gate-actor.js';
import { RecordRepository } from '../../gate/record-repository.js';
import type { IdentityDeps } from '../../identity/identity-deps.js';

/** The repository for this request, after checking the token and its scopes for the type. */
export async function fhirRepository(
  deps: IdentityDeps,
  request: FastifyRequest,
  resourceType: string,
  interaction: Interaction,
): Promise<RecordRepository> {
  const principal = await requireBearer(request);
  assertStoredType(resourceType);
  requireScope(request, principal, resourceType, interaction);
  const bound: Principal | undefined =
    principal.kind === 'client'
      ? { kind: 'client', clientId: principal.clientId, tenantId: principal.tenantId }
      : gatePrincipalFor(principal);
  if (!bound) throw new AppError('forbidden', 'This access token cannot read records.');
  return new RecordRepository(deps, bound, { sourceAddress: request.ip });
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
