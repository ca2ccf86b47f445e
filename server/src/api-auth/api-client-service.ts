/**
 * Registering, listing and revoking API clients: practice administrators only, each change
 * checked, made and audited in one tenant transaction. Administrators also need clearance for
 * patient data (the current agreement and strong MFA): a system client may read the practice's
 * records, so registering one is at least as sensitive as reading them.
 */
import { randomUUID } from 'node:crypto';
import { tenantTransaction, type Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { derivedPlatformKey, type IdentityDeps } from '../identity/identity-deps.js';
import { assertPatientDataClearance } from '../identity/staff/clearance.js';
import { rolesInPractice } from '../identity/staff/practice-staff.js';
import type { ApiClientKind } from './api-auth-tables.js';
import { auditApiAuth } from './api-auth-audit.js';
import { insertApiClient, listApiClients, revokeApiClient, type ApiClient } from './api-clients.js';
import { credentialHash, CREDENTIAL_KEY, formatClientId, newClientSecret } from './credentials.js';
import { scopeProblems } from './scopes.js';

export interface ClientRegistration {
  name: string;
  kind: ApiClientKind;
  scopes: string[];
}

/** What the administrator receives once: the secret is never shown again. */
export interface RegisteredClient {
  client: ApiClient;
  clientId: string;
  clientSecret: string;
}

/** Not a member: 404 like a practice that does not exist. A member but not an admin: 403. */
async function assertAdministrator(tx: Tx, tenantId: string, userId: string, now: Date) {
  const roles = await rolesInPractice(tx, tenantId, userId);
  if (roles.length === 0) throw new AppError('not_found', 'No such practice.');
  if (!roles.includes('practice_admin')) {
    throw new AppError('forbidden', 'Only the practice’s administrators manage API clients.');
  }
  await assertPatientDataClearance(tx, { tenantId, userId, now });
}

function assertScopesFit(registration: ClientRegistration): void {
  // A system client acts for nobody, so only system/ scopes fit it; a user-delegated client
  // acts for a person signed in, with user/ or patient/ scopes and the launch scopes.
  const problems =
    registration.kind === 'system'
      ? scopeProblems(registration.scopes, ['system'])
      : scopeProblems(registration.scopes, ['user', 'patient'], true);
  if (problems.length > 0) {
    throw new AppError(
      'validation_failed',
      'Some scopes cannot be given to this kind of client.',
      problems.map((p) => ({ location: `/scopes/${p.index}`, message: p.message })),
    );
  }
}

export async function registerApiClient(
  deps: IdentityDeps,
  adminId: string,
  tenantId: string,
  registration: ClientRegistration,
  sourceAddress: string,
): Promise<RegisteredClient> {
  assertScopesFit(registration);
  const now = deps.now();
  // Checked before the key is fetched, so a stranger learns nothing from timing or errors.
  await tenantTransaction(deps.db, tenantId, (tx) =>
    assertAdministrator(tx, tenantId, adminId, now),
  );
  const key = await derivedPlatformKey(deps, CREDENTIAL_KEY);
  const clientSecret = newClientSecret();
  const id = randomUUID();
  const client = await tenantTransaction(deps.db, tenantId, async (tx) => {
    await assertAdministrator(tx, tenantId, adminId, now);
    const created = await insertApiClient(tx, {
      tenantId,
      id,
      name: registration.name,
      kind: registration.kind,
      scopes: [...new Set(registration.scopes)],
      secretHash: credentialHash(key, clientSecret),
      createdBy: adminId,
      createdAt: now,
    });
    await auditApiAuth(tx, {
      tenantId,
      actorUserId: adminId,
      action: 'config_change',
      outcome: 'success',
      reason: `api_client_registered:${registration.kind}`,
      resourceType: 'ApiClient',
      resourceId: id,
      sourceAddress,
    });
    return created;
  });
  return { client, clientId: formatClientId(tenantId, id), clientSecret };
}

export function listPracticeApiClients(
  deps: IdentityDeps,
  adminId: string,
  tenantId: string,
): Promise<ApiClient[]> {
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    await assertAdministrator(tx, tenantId, adminId, deps.now());
    return listApiClients(tx, tenantId);
  });
}

/** Revokes a client; its tokens are refused from the next request on. 404 if not there. */
export function revokePracticeApiClient(
  deps: IdentityDeps,
  adminId: string,
  tenantId: string,
  id: string,
  sourceAddress: string,
): Promise<ApiClient> {
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const now = deps.now();
    await assertAdministrator(tx, tenantId, adminId, now);
    const client = await revokeApiClient(tx, tenantId, id, adminId, now);
    if (!client) throw new AppError('not_found', 'No such API client.');
    await auditApiAuth(tx, {
      tenantId,
      actorUserId: adminId,
      action: 'config_change',
      outcome: 'success',
      reason: 'api_client_revoked',
      resourceType: 'ApiClient',
      resourceId: id,
      sourceAddress,
    });
    return client;
  });
}
