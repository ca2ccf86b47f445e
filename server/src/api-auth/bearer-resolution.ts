/**
 * Who a bearer token speaks for. Every request re-reads the token row (expiry, revocation), the
 * client it was issued to (revoked?) and the person's standing in the practice (still staff, or
 * still the patient of the bound record): no in-process cache, so a revocation on one node is
 * honoured by every node on the next request. The look-up runs behind the tenant wall of the
 * practice named in the token.
 */
import { tenantTransaction, type Tx } from '../db/transactions.js';
import { derivedPlatformKey, type IdentityDeps } from '../identity/identity-deps.js';
import { staffFactsOfRow, type StaffFacts } from '../gate/staff-facts.js';
import { findApiTokenByHash } from './api-tokens.js';
import { credentialHash, CREDENTIAL_KEY, parseBearerToken } from './credentials.js';

/** A person using the API with a token: as staff of the practice, or as a patient. */
export interface UserApiPrincipal {
  kind: 'user';
  userId: string;
  tenantId: string;
  scopes: readonly string[];
  tokenId: string;
  actingAs: 'staff' | 'patient';
  /** The patient's own record (patients); later SMART's launch/patient context. */
  patientId: string | undefined;
}

/** A registered system client (client_credentials). `clientId` is its row id (a UUID). */
export interface ClientApiPrincipal {
  kind: 'client';
  clientId: string;
  tenantId: string;
  scopes: readonly string[];
  tokenId: string;
}

export type ApiPrincipal = UserApiPrincipal | ClientApiPrincipal;

// RFC 6750 §2.1: `Bearer` (any case), one space, a b64token.
const BEARER_HEADER = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token in an Authorization header, if it uses the Bearer scheme. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER_HEADER.exec(header)?.[1];
}

/** A bearer token checked as far as it can be without the database. */
export interface BearerCredential {
  /** The practice the token names; its look-up runs behind that practice's wall. */
  tenantId: string;
  hash: Buffer;
}

/** The credential in an `Authorization: Bearer ...` header; undefined if missing or malformed. */
export async function bearerCredential(
  deps: IdentityDeps,
  authorizationHeader: string | undefined,
): Promise<BearerCredential | undefined> {
  const token = bearerTokenOf(authorizationHeader);
  const named = token === undefined ? undefined : parseBearerToken(token);
  if (token === undefined || named === undefined) return undefined;
  const hash = credentialHash(await derivedPlatformKey(deps, CREDENTIAL_KEY), token);
  return { tenantId: named.tenantId, hash };
}

/**
 * The principal behind a credential, read in `tx` (a transaction of the credential's practice)
 * in one statement; undefined for an unknown, expired or revoked token, one whose client was
 * revoked, or one whose person no longer stands in the practice.
 */
export async function principalOfCredential(
  tx: Tx,
  credential: BearerCredential,
  now: Date,
): Promise<ApiPrincipal | undefined> {
  return (await credentialStanding(tx, credential, now))?.principal;
}

/**
 * The principal behind a credential and, for a staff member's token, their facts as the same
 * statement read them. The facts hold only for `tx`: the next transaction reads them again.
 */
export async function credentialStanding(
  tx: Tx,
  credential: BearerCredential,
  now: Date,
): Promise<{ principal: ApiPrincipal; staffFacts?: StaffFacts } | undefined> {
  const row = await findApiTokenByHash(tx, credential.tenantId, credential.hash);
  if (!row || row.revokedAt !== null || row.expiresAt <= now) return undefined;
  if (row.clientId !== null && row.clientRevokedAt !== null) return undefined;
  if (row.kind === 'client_access' && row.clientId !== null) {
    const principal: ClientApiPrincipal = {
      kind: 'client',
      clientId: row.clientId,
      tenantId: row.tenantId,
      scopes: row.scopes,
      tokenId: row.id,
    };
    return { principal };
  }
  if (row.userId === null || row.actingAs === null || !row.personStands) return undefined;
  const principal: UserApiPrincipal = {
    kind: 'user',
    userId: row.userId,
    tenantId: row.tenantId,
    scopes: row.scopes,
    tokenId: row.id,
    actingAs: row.actingAs,
    patientId: row.patientId ?? undefined,
  };
  return row.staffFacts
    ? { principal, staffFacts: staffFactsOfRow(row.staffFacts, now) }
    : { principal };
}

/** The principal behind an `Authorization: Bearer ...` header, in a transaction of its own. */
export async function resolveBearer(
  deps: IdentityDeps,
  authorizationHeader: string | undefined,
): Promise<ApiPrincipal | undefined> {
  const credential = await bearerCredential(deps, authorizationHeader);
  return credential && resolveCredential(deps, credential);
}

/** The principal behind a credential, in a transaction of its own. */
export function resolveCredential(
  deps: IdentityDeps,
  credential: BearerCredential,
): Promise<ApiPrincipal | undefined> {
  const now = deps.now();
  return tenantTransaction(deps.db, credential.tenantId, (tx) =>
    principalOfCredential(tx, credential, now),
  );
}
