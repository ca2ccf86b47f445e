/**
 * Practice-scoped routes: the caller must hold one of the named roles in that practice. A
 * practice the caller does not belong to answers 404, like one that does not exist.
 */
import type { FastifyRequest } from 'fastify';
import { tenantTransaction } from '../../db/transactions.js';
import { rolesInPractice } from '../staff/practice-staff.js';
import { assertPatientDataClearance } from '../staff/clearance.js';
import { AppError } from '../../errors/app-error.js';
import type { IdentityDeps } from '../identity-deps.js';
import type { StaffRole } from '../roles.js';
import { requireSignedIn } from './auth-plugin.js';
import type { Session } from '../sessions/session-store.js';

export async function requireRequestPracticeRole(
  deps: IdentityDeps,
  request: FastifyRequest,
  tenantId: string,
  roles: readonly StaffRole[],
): Promise<Session> {
  const session = requireSignedIn(request);
  const held = await tenantTransaction(deps.db, tenantId, (tx) =>
    rolesInPractice(tx, tenantId, session.userId),
  );
  if (held.length === 0) throw new AppError('not_found', 'No such practice.');
  if (!held.some((role) => roles.includes(role))) {
    throw new AppError('forbidden', 'Your role in this practice does not allow this.');
  }
  return session;
}

/**
 * A practice role AND clearance for patient data (SEC-7, SEC-3): signed the current
 * confidentiality attestation and enrolled strong MFA. For routes that read a chart.
 */
export async function requirePatientDataAccess(
  deps: IdentityDeps,
  request: FastifyRequest,
  tenantId: string,
  roles: readonly StaffRole[],
): Promise<Session> {
  const session = await requireRequestPracticeRole(deps, request, tenantId, roles);
  await tenantTransaction(deps.db, tenantId, (tx) =>
    assertPatientDataClearance(tx, { tenantId, userId: session.userId, now: deps.now() }),
  );
  return session;
}
