/**
 * What the identity services need from the rest of Haven, passed in rather than imported so
 * tests can set the clock and each piece stays replaceable.
 */
import { platformScope, type KeyDerivation, type Keyring } from '../crypto/index.js';
import type { AuditWriter } from '../audit/index.js';
import type { HavenDatabase } from '../db/database.js';

export interface IdentityDeps {
  db: HavenDatabase;
  keyring: Keyring;
  /** The address people use, for links in emails (no trailing slash). */
  publicUrl: string;
  now: () => Date;
  /** Audits record reads with group commit (gate/record-repository.ts); one per process. */
  auditWriter?: AuditWriter;
}

/** The platform data key, which seals account fields; fetched before opening a transaction. */
export function platformKey(deps: IdentityDeps): Promise<Buffer> {
  return deps.keyring.dataKey(platformScope());
}

/** A key derived from the platform data key, held with it in the keyring's cache. */
export async function derivedPlatformKey(
  deps: IdentityDeps,
  derivation: KeyDerivation,
): Promise<Buffer> {
  const key = await deps.keyring.derivedKey(platformScope(), derivation);
  if (key === undefined) throw new Error('platform key was not created'); // create is on
  return key;
}
