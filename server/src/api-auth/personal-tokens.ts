/**
 * Personal access tokens: a signed-in person makes a token for API use in one practice, shown
 * once, stored as its HMAC, at most 90 days. Staff need clearance for patient data there (the
 * gate re-checks their clearance on every access anyway); a patient's token is bound to their
 * own record. Creation and revocation are audited in the practice, in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { systemTransaction, tenantTransaction, type Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import { derivedPlatformKey, type IdentityDeps } from '../identity/identity-deps.js';
import { practicesOf } from '../identity/security-audit.js';
import { assertPatientDataClearance } from '../identity/staff/clearance.js';
import { rolesInPractice } from '../identity/staff/practice-staff.js';
import type { ActingAs } from './api-auth-tables.js';
import { auditApiAuth } from './api-auth-audit.js';
import {
  insertApiToken,
  listPersonalTokens,
  revokePersonalToken,
  type ApiToken,
} from './api-tokens.js';
import { credentialHash, CREDENTIAL_KEY, newBearerToken } from './credentials.js';
import { scopeProblems } from './scopes.js';

export const MAX_PERSONAL_TOKEN_DAYS = 90;
const DEFAULT_SCOPES: Record<ActingAs, string[]> = {
  staff: ['user/*.cruds'],
  patient: ['patient/*.rs'],
};

export interface PersonalTokenRequest {
  name: string;
  tenantId: string;
  expiresInDays: number;
  /** SMART scopes (user/ for staff, patient/ for a patient); by default all of that context. */
  scopes?: string[];
  /** For someone both staff and patient of the practice; by default staff when they are. */
  actingAs?: ActingAs;
}

/** Who the person is in the practice: staff (cleared) or the patient of their own record. */
async function standing(
  tx: Tx,
  userId: string,
  input: PersonalTokenRequest,
  now: Date,
): Promise<{ actingAs: ActingAs; patientId: string | null }> {
  const { tenantId } = input;
  const roles = await rolesInPractice(tx, tenantId, userId);
  const actingAs = input.actingAs ?? (roles.length > 0 ? 'staff' : 'patient');
  if (actingAs === 'staff') {
    if (roles.length === 0) throw new AppError('not_found', 'No such practice.');
    await assertPatientDataClearance(tx, { tenantId, userId, now });
    return { actingAs, patientId: null };
  }
  const account = await tx
    .selectFrom('patient_account')
    .select('patient_id')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!account?.patient_id) throw new AppError('not_found', 'No such practice.');
  return { actingAs, patientId: account.patient_id };
}

export async function createPersonalToken(
  deps: IdentityDeps,
  userId: string,
  input: PersonalTokenRequest,
  sourceAddress: string,
): Promise<{ token: string; view: ApiToken }> {
  const key = await derivedPlatformKey(deps, CREDENTIAL_KEY);
  const now = deps.now();
  const tenantId = input.tenantId;
  const token = newBearerToken(tenantId, 'personal');
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const { actingAs, patientId } = await standing(tx, userId, input, now);
    const scopes = [...new Set(input.scopes ?? DEFAULT_SCOPES[actingAs])];
    const problems = scopeProblems(scopes, [actingAs === 'staff' ? 'user' : 'patient']);
    if (problems.length > 0) {
      throw new AppError(
        'validation_failed',
        'Some scopes do not fit this token.',
        problems.map((p) => ({ location: `/scopes/${p.index}`, message: p.message })),
      );
    }
    const view: ApiToken = {
      tenantId,
      id: randomUUID(),
      kind: 'personal',
      clientId: null,
      userId,
      actingAs,
      patientId,
      scopes,
      name: input.name,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      revokedAt: null,
    };
    await insertApiToken(tx, { ...view, tokenHash: credentialHash(key, token) });
    await auditApiAuth(tx, {
      tenantId,
      actorUserId: userId,
      action: 'config_change',
      outcome: 'success',
      reason: `api_token_created:${actingAs}`,
      resourceType: 'ApiToken',
      resourceId: view.id,
      sourceAddress,
    });
    return { token, view };
  });
}

/** The person's own tokens in every practice that knows them, newest first. */
export async function myPersonalTokens(deps: IdentityDeps, userId: string): Promise<ApiToken[]> {
  // Which practices know the person is a platform-level fact (the system path); each
  // practice's tokens are then read behind its own tenant wall.
  const tenants = await systemTransaction(deps.db, (tx) => practicesOf(tx, userId));
  const all: ApiToken[] = [];
  for (const tenantId of tenants) {
    all.push(
      ...(await tenantTransaction(deps.db, tenantId, (tx) =>
        listPersonalTokens(tx, tenantId, userId),
      )),
    );
  }
  return all.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Revokes one of the person's own tokens from the next request on; 404 if not theirs. */
export function revokeMyPersonalToken(
  deps: IdentityDeps,
  userId: string,
  tenantId: string,
  tokenId: string,
  sourceAddress: string,
): Promise<ApiToken> {
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const token = await revokePersonalToken(tx, tenantId, userId, tokenId, deps.now());
    if (!token) throw new AppError('not_found', 'No such token.');
    await auditApiAuth(tx, {
      tenantId,
      actorUserId: userId,
      action: 'config_change',
      outcome: 'success',
      reason: 'api_token_revoked',
      resourceType: 'ApiToken',
      resourceId: tokenId,
      sourceAddress,
    });
    return token;
  });
}
