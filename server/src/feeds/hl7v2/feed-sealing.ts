/**
 * Keyed digests and sealed texts of the feed. A held message and a discard reason are health
 * data, sealed with the tenant key and bound to their row (a copy moved to another row or
 * practice does not open). Digests of messages and result identities are HMACs under the
 * tenant's blind-index key with a domain label each, so equal inputs in different roles never
 * correlate and nothing can be checked without the key.
 */
import { createHmac } from 'node:crypto';
import { decrypt, encrypt, recordAad } from '../../crypto/index.js';

type Sealed =
  'Hl7Reconciliation.message' | 'Hl7Reconciliation.discardReason' | 'ResultReleasePreference';

function aad(kind: Sealed, tenantId: string, id: string): Buffer {
  return recordAad({ tenantId, resourceType: kind, id, version: 1 });
}

/** Seals `text` for row `id` of `kind`. */
export function sealText(
  tenantKey: Buffer,
  kind: Sealed,
  tenantId: string,
  id: string,
  text: string,
): Buffer {
  return encrypt(tenantKey, Buffer.from(text, 'utf8'), aad(kind, tenantId, id));
}

/** Opens what {@link sealText} sealed for the same row. */
export function openText(
  tenantKey: Buffer,
  kind: Sealed,
  tenantId: string,
  id: string,
  sealed: Buffer,
): string {
  return decrypt(tenantKey, sealed, aad(kind, tenantId, id)).toString('utf8');
}

/** A keyed digest (hex) of `value` in the role `domain`. */
export function keyedDigest(
  searchKey: Buffer,
  domain: 'message' | 'result',
  value: string,
): string {
  return createHmac('sha256', searchKey)
    .update(`haven.hl7v2.${domain}\u0000`)
    .update(value)
    .digest('hex');
}
