/**
 * Name-based UUIDs (RFC 9562 version 5) for imported resources that cannot keep the id their
 * source gave them: the same name always gives the same id, so importing the same data again
 * lands on the same rows instead of duplicating them.
 */
import { createHash, randomUUID } from 'node:crypto';

// Haven's import namespace (a fixed random UUID): names never collide with other v5 users.
const NAMESPACE = Buffer.from('6f1d3c52a8e44b7a9a31c0d1e2f3a4b5', 'hex');

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The version-5 UUID of `name` in Haven's import namespace. */
export function importedId(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id an entry asks for: its `urn:uuid:` fullUrl, its own UUID id, or one derived from it. */
export function sourceId(resourceType: string, id: string | undefined, fullUrl?: string): string {
  const urn = fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice(9) : undefined;
  if (urn && UUID.test(urn)) return urn.toLowerCase();
  if (id && UUID.test(id)) return id.toLowerCase();
  // A non-UUID id (`Patient/123` in a bulk export) maps to the same UUID every time.
  if (id) return importedId(`${resourceType}/${id}`);
  if (fullUrl) return importedId(fullUrl);
  // Nothing names the entry: a fresh id (matching on identifiers is then its only dedupe).
  return randomUUID();
}
