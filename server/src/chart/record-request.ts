/**
 * Binding a request to a record repository: a staff member in a practice, or the person signed in
 * acting on their own record or as a proxy. Staff are checked for clearance first, so someone not
 * yet cleared is told what is missing (403 with plain words) instead of finding nothing.
 */
import type { FastifyRequest } from 'fastify';
import { categoryOf } from '../access/index.js';
import { AppError } from '../errors/app-error.js';
import { principalFromActing } from '../gate/gate-actor.js';
import { RecordRepository } from '../gate/record-repository.js';
import { requireSignedIn } from '../identity/http/auth-plugin.js';
import { requirePatientDataAccess } from '../identity/http/practice-guard.js';
import type { IdentityDeps } from '../identity/identity-deps.js';
import { actingContext } from '../identity/proxy-routes/acting-context.js';
import { STAFF_ROLES } from '../identity/roles.js';

/** The repository of a staff member of `tenantId`. */
export async function staffRepository(
  deps: IdentityDeps,
  request: FastifyRequest,
  tenantId: string,
): Promise<RecordRepository> {
  const session = await requirePatientDataAccess(deps, request, tenantId, STAFF_ROLES);
  return new RecordRepository(
    deps,
    { kind: 'staff', tenantId, userId: session.userId },
    { sourceAddress: request.ip },
  );
}

/** The repository of the signed-in person on the record they act on, and whose record it is. */
export async function actingRepository(
  deps: IdentityDeps,
  request: FastifyRequest,
): Promise<{
  repository: RecordRepository;
  patientId: string;
  asProxy: boolean;
  /** A young child's guardian (EffectiveProxyAccess.speaksForPatient). */
  speaksForPatient: boolean;
  /** Writes to the care team: the patient, or a proxy with the messaging scope outside the teen policy. */
  mayMessage: boolean;
  /** Pays statements: the patient, or a proxy with the billing scope outside the teen policy. */
  mayPay: boolean;
}> {
  const session = requireSignedIn(request);
  const acting = await actingContext(deps, session);
  if (!acting) throw new AppError('not_found', 'No record is open.');
  const repository = new RecordRepository(deps, principalFromActing(session.userId, acting), {
    sourceAddress: request.ip,
    onBehalfOfUserId: acting.onBehalfOf ?? null,
  });
  return {
    repository,
    patientId: acting.patientId,
    asProxy: acting.onBehalfOf !== undefined,
    // Answering for a child reads what they answered before: the `read` scope comes with it.
    speaksForPatient:
      acting.proxyAccess?.speaksForPatient === true && acting.scopes.includes('read'),
    mayMessage:
      acting.onBehalfOf === undefined ||
      (acting.scopes.includes('messaging') && acting.excludedCategories.length === 0),
    mayPay:
      acting.onBehalfOf === undefined ||
      (acting.scopes.includes('billing') && acting.excludedCategories.length === 0),
  };
}

/** The resource types named in a `type` query value (comma-separated); undefined for all. */
export function parseTypes(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const types = [...new Set(value.split(',').map((t) => t.trim()))];
  const unknown = types.filter((t) => categoryOf(t) === undefined);
  if (unknown.length > 0) {
    throw new AppError('validation_failed', 'Unknown resource type.', [
      { location: 'type', message: 'names a resource type Haven does not store' },
    ]);
  }
  return types;
}
