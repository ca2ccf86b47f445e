import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  credentialHash,
  credentialMatches,
  deriveCredentialKey,
  formatClientId,
  newBearerToken,
  newClientSecret,
  parseBearerToken,
  parseClientId,
} from './credentials.js';

describe('API credentials', () => {
  it('a client id names its practice and client, and nothing else parses', () => {
    const tenantId = randomUUID();
    const id = randomUUID();
    const clientId = formatClientId(tenantId, id);
    expect(clientId).toMatch(/^hvc_[A-Za-z0-9_-]{43}$/);
    expect(parseClientId(clientId)).toEqual({ tenantId, id });
    expect(parseClientId(`${clientId}x`)).toBeUndefined();
    expect(parseClientId('hvc_short')).toBeUndefined();
    expect(parseClientId(newClientSecret())).toBeUndefined();
  });

  it('a bearer token names its practice and kind, and is unique each time', () => {
    const tenantId = randomUUID();
    const access = newBearerToken(tenantId, 'client_access');
    const personal = newBearerToken(tenantId, 'personal');
    expect(access).toMatch(/^hvt_/);
    expect(personal).toMatch(/^hvp_/);
    expect(parseBearerToken(access)).toEqual({ tenantId, kind: 'client_access' });
    expect(parseBearerToken(personal)).toEqual({ tenantId, kind: 'personal' });
    expect(newBearerToken(tenantId, 'personal')).not.toBe(personal);
    expect(parseBearerToken('hvx_' + access.slice(4))).toBeUndefined();
    expect(parseBearerToken(access.slice(0, -1))).toBeUndefined();
  });

  it('stores a keyed hash: another key gives another hash, and a match is exact', () => {
    const key = deriveCredentialKey(Buffer.alloc(32, 1));
    const other = deriveCredentialKey(Buffer.alloc(32, 2));
    const secret = newClientSecret();
    const stored = credentialHash(key, secret);
    expect(stored).toHaveLength(32);
    expect(stored.equals(credentialHash(other, secret))).toBe(false);
    expect(credentialMatches(key, secret, stored)).toBe(true);
    expect(credentialMatches(key, `${secret}x`, stored)).toBe(false);
    expect(credentialMatches(key, secret, null)).toBe(false);
    expect(credentialMatches(key, secret, Buffer.alloc(3))).toBe(false);
  });
});
