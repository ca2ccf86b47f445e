/**
 * The shape of API credentials and how they are stored. Pure: no I/O.
 *
 * - A client id is public: `hvc_` + base64url(tenant uuid, client uuid). It names its practice
 *   so the token endpoint can look the client up behind that practice's tenant wall.
 * - A client secret is `hvs_` + 256 random bits.
 * - A bearer token is `hvt_` (issued to a client) or `hvp_` (a person's own) + base64url(tenant
 *   uuid, 256 random bits): the tenant lets each request be checked inside the tenant wall
 *   (and, later, routed to the tenant's shard) without a platform-wide look-up.
 * The prefixes let secret scanners recognise a leaked Haven credential.
 *
 * Stored: HMAC-SHA256 under a key derived from the platform key. The values are 256-bit random,
 * so there is no dictionary to guess from and a slow hash (argon2) would add nothing but ~50 ms
 * and 19 MiB per token request, which turns the token endpoint into a denial-of-service lever.
 * The key (a pepper) means a stolen table cannot even be used to test a candidate token.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyDerivation } from '../crypto/index.js';

export type BearerKind = 'client_access' | 'personal';

const PREFIX: Record<BearerKind, string> = { client_access: 'hvt_', personal: 'hvp_' };
const CLIENT_ID = /^hvc_[A-Za-z0-9_-]{43}$/;
const BEARER = /^(hvt_|hvp_)[A-Za-z0-9_-]{64}$/;

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The public client id of client `clientId` in practice `tenantId`. */
export function formatClientId(tenantId: string, clientId: string): string {
  return `hvc_${Buffer.concat([uuidBytes(tenantId), uuidBytes(clientId)]).toString('base64url')}`;
}

/** The practice and client a public client id names; undefined when it is malformed. */
export function parseClientId(value: string): { tenantId: string; id: string } | undefined {
  if (!CLIENT_ID.test(value)) return undefined;
  const bytes = Buffer.from(value.slice(4), 'base64url');
  return { tenantId: uuidOf(bytes.subarray(0, 16)), id: uuidOf(bytes.subarray(16, 32)) };
}

/** A new client secret, shown once. */
export function newClientSecret(): string {
  return `hvs_${randomBytes(32).toString('base64url')}`;
}

/** A new bearer token for practice `tenantId`, shown once. */
export function newBearerToken(tenantId: string, kind: BearerKind): string {
  const bytes = Buffer.concat([uuidBytes(tenantId), randomBytes(32)]);
  return `${PREFIX[kind]}${bytes.toString('base64url')}`;
}

/** The practice and kind a bearer token names; undefined when it is not a Haven token. */
export function parseBearerToken(
  token: string,
): { tenantId: string; kind: BearerKind } | undefined {
  if (!BEARER.test(token)) return undefined;
  const tenantId = uuidOf(Buffer.from(token.slice(4), 'base64url').subarray(0, 16));
  return { tenantId, kind: token.startsWith('hvt_') ? 'client_access' : 'personal' };
}

const CREDENTIAL_KEY_INFO = 'haven.api-credential.v1';

/** The HMAC key for API credentials, derived from the platform data key (its own label). */
export function deriveCredentialKey(platformKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', platformKey, Buffer.alloc(0), CREDENTIAL_KEY_INFO, 32));
}

/** The credential key as a keyring derivation, so it is derived once per platform key. */
export const CREDENTIAL_KEY: KeyDerivation = {
  label: CREDENTIAL_KEY_INFO,
  derive: deriveCredentialKey,
};

/** What the database keeps of a secret or token. */
export function credentialHash(key: Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value, 'utf8').digest();
}

/** Constant-time check of a presented secret against a stored hash (a missing one never matches). */
export function credentialMatches(key: Buffer, value: string, stored: Buffer | null): boolean {
  const presented = credentialHash(key, value);
  // Compared even when nothing is stored, so an unknown client costs the same work.
  const usable = stored !== null && stored.length === presented.length;
  const against = usable ? stored : Buffer.alloc(presented.length);
  return timingSafeEqual(presented, against) && usable;
}
