/**
 * Patient keys are wrapped by their tenant's data key, not by a master key (so destroying the
 * tenant key makes every patient key of the tenant unreadable): the marker they are stored with,
 * and the unwrapping both the keyring's own fetch and keys read by a caller go through.
 */
import { decrypt, KEY_LENGTH } from './aead.js';
import { keyWrapAad } from './associated-data.js';
import type { PatientKeyScope } from './key-scope.js';
import type { WrappedKey } from './master-key.js';

/**
 * The `keyId` stored with a patient key. Patient keys are wrapped by their tenant's data key, not
 * by a master key, so this marker can never be mistaken for a master key id during rotation.
 */
export const TENANT_WRAPPED_KEY_ID = 'tenant';

/** One generation of a patient's key, unwrapped with the tenant key that wrapped it. */
export function unwrapWithTenantKey(
  scope: PatientKeyScope,
  stored: WrappedKey,
  generation: number,
  tenantKey: Buffer,
): Buffer {
  if (stored.keyId !== TENANT_WRAPPED_KEY_ID) {
    throw new Error('stored patient key is not wrapped by its tenant key');
  }
  const key = decrypt(tenantKey, stored.wrapped, keyWrapAad(scope, generation));
  if (key.length !== KEY_LENGTH) throw new Error('unwrapped data key has the wrong length');
  return key;
}
