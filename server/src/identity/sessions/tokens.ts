/** Random bearer secrets (session cookies, CSRF tokens, reset links) and how they are stored. */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeyDerivation } from '../../crypto/index.js';

/** 256 random bits, base64url: unguessable, URL- and cookie-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the database keeps of a token: its SHA-256. Tokens are 256-bit random, so a fast hash
 * is enough (no dictionary to guess from), and a stolen table cannot be replayed as cookies.
 */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: Buffer): boolean {
  const presented = hashToken(token);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

/** The CSRF key as a keyring derivation, so it is derived once per platform key. */
export const CSRF_KEY: KeyDerivation = { label: 'haven.csrf.v1', derive: deriveCsrfKey };

/** The key CSRF tokens are derived with, from the platform data key (HKDF, its own label). */
export function deriveCsrfKey(platformKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', platformKey, Buffer.alloc(0), 'haven.csrf.v1', 32));
}

/**
 * The CSRF token of a session: an HMAC of its cookie token. The page can fetch it again after a
 * reload (only same-origin script can read the answer), and another site, which cannot read the
 * cookie, cannot compute it.
 */
export function csrfTokenFor(csrfKey: Buffer, sessionToken: string): string {
  return createHmac('sha256', csrfKey).update(sessionToken).digest('base64url');
}
