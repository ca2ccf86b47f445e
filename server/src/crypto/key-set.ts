/**
 * A scope's keys as one unit of work holds them, and what is done with such a set: copied (every
 * holder owns and wipes its own buffers), narrowed to the key new seals use, and compared with
 * the generations the store lists.
 */
import { currentGeneration, type StoredKeyGeneration } from './key-store.js';

/** A scope's keys as one unit of work sees them: one generation, or several for a patient. */
export interface KeySet {
  /** The generation new seals use. */
  readonly current: number;
  /** Every stored generation's key, the current one included. Copies the caller may wipe. */
  readonly keys: ReadonlyMap<number, Buffer>;
}

/** A copy of `set` with buffers of its own. */
export function copySet(set: KeySet): KeySet {
  const keys = new Map<number, Buffer>();
  for (const [generation, key] of set.keys) keys.set(generation, Buffer.from(key));
  return { current: set.current, keys };
}

/** The current generation's key out of a set the caller owns; the other copies are wiped. */
export function currentKey(set: KeySet): Buffer {
  let chosen: Buffer | undefined;
  for (const [generation, key] of set.keys) {
    if (generation === set.current) chosen = key;
    else key.fill(0);
  }
  if (!chosen) throw new Error('the current key generation is missing from its set');
  return chosen;
}

/** Whether `set` has exactly the generations `stored` names, with the same one current. */
export function holdsGenerationsOf(set: KeySet, stored: readonly StoredKeyGeneration[]): boolean {
  return (
    set.current === currentGeneration(stored) &&
    set.keys.size === stored.length &&
    stored.every((row) => set.keys.has(row.generation))
  );
}
