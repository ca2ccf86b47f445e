/**
 * The client_credentials grant (RFC 6749 §4.4; SMART Backend Services' token, authenticated
 * here with a client secret): authenticates a system client and issues a 15-minute opaque
 * access token limited to the scopes asked for, which must be within the registered ones.
 *
 * An unknown client and a wrong secret get the same answer after the same work (an HMAC and a
 * look-up). A failure against a client that exists is audited in its practice, which adds a
 * write; that can only tell someone who already holds a client id (122 random bits) that it
 * exists, never find one.
 */
import { randomUUID } from 'node:crypto';
import { tenantTransaction } from '../db/transactions.js';
import { derivedPlatformKey, type IdentityDeps } from '../identity/identity-deps.js';
import { auditApiAuth } from './api-auth-audit.js';
import { findApiClient } from './api-clients.js';
import { insertApiToken } from './api-tokens.js';
import {
  credentialHash,
  credentialMatches,
  CREDENTIAL_KEY,
  newBearerToken,
  parseClientId,
} from './credentials.js';
import { scopeWithin, splitScopeParameter } from './scopes.js';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
/** As many scopes as a token row holds (a CHECK in the migration). */
const MAX_SCOPES = 50;

export interface ClientCredentialsRequest {
  clientId: string;
  clientSecret: string;
  /** The `scope` parameter as sent (space-separated), if any. */
  scope: string | undefined;
  sourceAddress: string;
}

/** RFC 6749 §5.2 error codes this grant can answer with. */
export type GrantError = 'invalid_client' | 'unauthorized_client' | 'invalid_scope';

export type GrantResult =
  | { ok: true; accessToken: string; expiresIn: number; scope: string }
  | { ok: false; error: GrantError; description: string };

const BAD_CLIENT: GrantResult = {
  ok: false,
  error: 'invalid_client',
  description: 'Client authentication failed.',
};

export async function clientCredentialsGrant(
  deps: IdentityDeps,
  request: ClientCredentialsRequest,
): Promise<GrantResult> {
  const key = await derivedPlatformKey(deps, CREDENTIAL_KEY);
  const named = parseClientId(request.clientId);
  if (!named) {
    credentialMatches(key, request.clientSecret, null); // the same work as a real check
    return BAD_CLIENT;
  }
  const { tenantId } = named;
  return tenantTransaction(deps.db, tenantId, async (tx): Promise<GrantResult> => {
    const now = deps.now();
    const client = await findApiClient(tx, tenantId, named.id);
    const secretOk = credentialMatches(key, request.clientSecret, client?.secretHash ?? null);
    if (!client) return BAD_CLIENT;
    const audit = (action: 'sign_in' | 'sign_in_failed', reason: string) =>
      auditApiAuth(tx, {
        tenantId,
        actorUserId: null,
        action,
        outcome: action === 'sign_in' ? 'success' : 'failure',
        reason,
        resourceType: 'ApiClient',
        resourceId: client.id,
        sourceAddress: request.sourceAddress,
      });
    if (!secretOk || client.revokedAt !== null) {
      await audit('sign_in_failed', client.revokedAt ? 'client_revoked' : 'invalid_client');
      return BAD_CLIENT;
    }
    if (client.kind !== 'system') {
      await audit('sign_in_failed', 'unauthorized_client');
      return {
        ok: false,
        error: 'unauthorized_client',
        description: 'This client may not use the client_credentials grant.',
      };
    }
    const scopes = splitScopeParameter(request.scope ?? '');
    if (
      scopes.length === 0 ||
      scopes.length > MAX_SCOPES ||
      !scopes.every((scope) => scopeWithin(scope, client.scopes))
    ) {
      await audit('sign_in_failed', 'invalid_scope');
      return {
        ok: false,
        error: 'invalid_scope',
        description:
          scopes.length === 0
            ? 'Ask for the scopes you need in the scope parameter.'
            : 'A requested scope is beyond what this client was registered for.',
      };
    }
    const accessToken = newBearerToken(tenantId, 'client_access');
    await insertApiToken(tx, {
      tenantId,
      id: randomUUID(),
      tokenHash: credentialHash(key, accessToken),
      kind: 'client_access',
      clientId: client.id,
      userId: null,
      actingAs: null,
      patientId: null,
      scopes,
      name: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
    });
    await audit('sign_in', 'client_credentials');
    return { ok: true, accessToken, expiresIn: ACCESS_TOKEN_SECONDS, scope: scopes.join(' ') };
  });
}
