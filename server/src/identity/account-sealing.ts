/**
 * Account identity fields (email, display name) are sealed with the platform key, since an
 * account spans practices, and the email is found by a blind index under a key derived from it.
 */
import { blindIndex, decrypt, deriveBlindIndexKey, encrypt, recordAad } from '../crypto/index.js';

const PLATFORM_TENANT = 'platform';

function fieldAad(userId: string, field: 'email' | 'name'): Buffer {
  return recordAad({
    tenantId: PLATFORM_TENANT,
    resourceType: `AppUser.${field}`,
    id: userId,
    version: 1,
  });
}

export function sealAccountField(
  platformKey: Buffer,
  userId: string,
  field: 'email' | 'name',
  value: string,
): Buffer {
  return encrypt(platformKey, Buffer.from(value, 'utf8'), fieldAad(userId, field));
}

export function unsealAccountField(
  platformKey: Buffer,
  userId: string,
  field: 'email' | 'name',
  sealed: Buffer,
): string {
  return decrypt(platformKey, sealed, fieldAad(userId, field)).toString('utf8');
}

export function emailIndex(platformKey: Buffer, email: string): string {
  return blindIndex(deriveBlindIndexKey(platformKey), 'email', email);
}
