// Where wrapped data keys are kept, seen from the keyring: an interface, so the crypto code never
// learns about databases. Patient keys may have several generations while one is being rotated.
import type { KeyScope, PatientKeyScope } from './key-scope.js';
import type { WrappedKey } from './master-key.js';

/** One stored generation of a patient's data key. */
export interface StoredKeyGeneration {
  /** 1 for the first key; each rotation adds the next number. */
  readonly generation: number;
  readonly key: WrappedKey;
  /**
   * Whether new seals may use it yet. A rotation adds a generation that every node can open at
   * once but seals with only later, after every node's key cache has had time to learn it (see
   * keys/patient-key-rotation.ts): otherwise a node with a cached older set would meet records
   * sealed under a generation it does not hold.
   */
  readonly active: boolean;
}

/** Where wrapped data keys are kept (a database table in production). */
export interface WrappedKeyStore {
  /** The wrapped key stored for `scope`, if any; for a patient, the current generation's. */
  get(scope: KeyScope): Promise<WrappedKey | undefined>;
  /**
   * Stores `key` unless a key is already stored for `scope`, and returns the stored one. If two
   * nodes race to create a key, both end up with the same key: the loser uses the winner's. For
   * a patient this creates generation 1, and only when the patient has no generation at all.
   */
  putIfAbsent(scope: KeyScope, key: WrappedKey): Promise<WrappedKey>;
  /**
   * Deletes the wrapped key for `scope` (crypto-shredding), every generation of a patient key.
   * Deleting a tenant should also delete its patients' keys: they cannot be unwrapped without
   * it, and leaving them behind makes later reads of those patients fail loudly instead of
   * finding no key.
   */
  delete(scope: KeyScope): Promise<void>;
  /**
   * Every stored generation of a patient's key, oldest first; empty if none. Optional so stores
   * written before generations keep working: without it, the one key `get` returns is
   * generation 1.
   */
  patientKeyGenerations?(scope: PatientKeyScope): Promise<StoredKeyGeneration[]>;
}

/**
 * The generation new seals use: the newest active one. If none is active (only possible when a
 * store is edited by hand) the oldest is used, the one every node already knew.
 */
export function currentGeneration(rows: readonly StoredKeyGeneration[]): number {
  const active = rows.filter((r) => r.active).map((r) => r.generation);
  if (active.length > 0) return Math.max(...active);
  if (rows.length === 0) throw new Error('a key without any generation has no current one');
  return Math.min(...rows.map((r) => r.generation));
}
