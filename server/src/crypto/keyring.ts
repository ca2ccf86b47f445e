// The envelope hierarchy at run time: fetches, creates, caches and destroys data keys. Storage is
// behind WrappedKeyStore so this file knows nothing about databases; only wrapped keys are ever
// handed to the store.
import { randomBytes } from 'node:crypto';
import { encrypt, KEY_LENGTH } from './aead.js';
import { keyWrapAad } from './associated-data.js';
import { parentScope, scopeKey, type KeyScope, type PatientKeyScope } from './key-scope.js';
import { currentGeneration, type StoredKeyGeneration, type WrappedKeyStore } from './key-store.js';
import { copySet, currentKey, type KeySet } from './key-set.js';
import { TENANT_WRAPPED_KEY_ID, unwrapWithTenantKey } from './tenant-wrapped-key.js';
import type { MasterKeyProvider, WrappedKey } from './master-key.js';

export { InMemoryWrappedKeyStore } from './in-memory-key-store.js';
export type { StoredKeyGeneration, WrappedKeyStore } from './key-store.js';

export { TENANT_WRAPPED_KEY_ID } from './tenant-wrapped-key.js';

/** Default lifetime of an unwrapped key in the in-process cache. */
export const DEFAULT_KEY_CACHE_TTL_MS = 60_000;

/** Options for {@link Keyring}. */
export interface KeyringOptions {
  /** How long an unwrapped key may be reused without re-reading the store. 0 disables caching. */
  readonly cacheTtlMs?: number;
  /** Clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
}

/**
 * A key derived from a data key (an HMAC key for blind indexes or credentials). `label` names
 * the derivation, so two derivations of one key are kept apart; `derive` must be pure.
 */
export interface KeyDerivation {
  readonly label: string;
  readonly derive: (key: Buffer) => Buffer;
}

/** Below this many cached keys, expired ones wait to be asked for again (see #sweep). */
const MIN_SWEEP_SIZE = 256;

interface CacheEntry {
  readonly scope: KeyScope;
  readonly set: KeySet;
  readonly expiresAt: number;
  /** Keys derived from the current key, by derivation label: they live and die with it. */
  readonly derived: Map<string, Buffer>;
}

/**
 * Gets, creates and destroys data keys. Tenant and platform keys are wrapped by the master key
 * provider; patient keys by their tenant's data key, so destroying a tenant key also makes all
 * of its patients' keys unreadable.
 *
 * Every key handed out is a fresh copy the caller owns and may wipe.
 */
export class Keyring {
  readonly #master: MasterKeyProvider;
  readonly #store: WrappedKeyStore;
  readonly #ttlMs: number;
  readonly #now: () => number;
  // Unwrapped keys, briefly. Caching key material in process is acceptable only because entries
  // expire: another node may destroy a key at any time, and the store is the only authority on
  // whether it still exists, so a key must be re-read from the store after the TTL. The TTL is
  // therefore the longest a destroyed key can remain usable on another node, and also the
  // longest a patient key set read before a rotation can keep sealing with the generation that
  // was current then: patient-key rotation waits that long before relying on either.
  readonly #cache = new Map<string, CacheEntry>();
  // Loads in progress, so concurrent callers for one scope share one read (and one creation)
  // instead of racing to create two keys. Across nodes, putIfAbsent settles the race.
  readonly #inflight = new Map<string, Promise<KeySet | undefined>>();
  // Bumped by forget and destroy; a load that started before the bump must not refill the cache
  // with what it read, since that may be the key just destroyed.
  #epoch = 0;
  // The cache size at which expired entries are next swept out (#sweep).
  #sweepAt = MIN_SWEEP_SIZE;

  constructor(master: MasterKeyProvider, store: WrappedKeyStore, options: KeyringOptions = {}) {
    const ttl = options.cacheTtlMs ?? DEFAULT_KEY_CACHE_TTL_MS;
    if (!Number.isFinite(ttl) || ttl < 0) {
      throw new RangeError('cacheTtlMs must be a finite number of milliseconds, 0 or more');
    }
    this.#master = master;
    this.#store = store;
    this.#ttlMs = ttl;
    this.#now = options.now ?? Date.now;
  }

  /** How long this keyring may reuse a key without re-reading the store. */
  get cacheTtlMs(): number {
    return this.#ttlMs;
  }

  /** How many scopes' keys this process holds right now, expired ones not yet swept included. */
  get cachedKeyCount(): number {
    return this.#cache.size;
  }

  /**
   * Where the cache's forgetting stands. A caller that reads wrapped keys itself takes this
   * before it reads them and hands it to {@link patientKeySetFromStored}: rows read before a
   * forget or destroy may hold the very key dropped, and must not go back into the cache.
   */
  get cacheEpoch(): number {
    return this.#epoch;
  }

  /**
   * The data key for `scope`, creating (and storing, wrapped) a new one if none exists. For a
   * patient, the current generation's key: the one new seals use.
   */
  async dataKey(scope: KeyScope): Promise<Buffer> {
    const set = await this.#load(scope, true);
    if (set === undefined) throw new Error('data key was not created'); // cannot happen
    return currentKey(set);
  }

  /** The data key for `scope` if one is stored, else undefined (never created, or destroyed). */
  async existingDataKey(scope: KeyScope): Promise<Buffer | undefined> {
    const set = await this.#load(scope, false);
    return set && currentKey(set);
  }

  /**
   * A key derived from `scope`'s current data key, kept with the cached key it comes from and
   * wiped and dropped with it: a hot path (every bearer token, every blind index) runs its HKDF
   * once per key per cache lifetime instead of once per request, and a destroyed key takes its
   * derived keys with it. Undefined when the scope has no key and `create` is false. A fresh copy
   * the caller may wipe.
   */
  async derivedKey(
    scope: KeyScope,
    derivation: KeyDerivation,
    options: { create: boolean } = { create: true },
  ): Promise<Buffer | undefined> {
    const set = await this.#load(scope, options.create);
    if (set === undefined) return undefined;
    const key = currentKey(set);
    try {
      const entry = this.#cache.get(scopeKey(scope));
      // Kept only against the very key it came from: a key reloaded or rotated meanwhile is
      // another entry, and derives its own.
      const cachedKey = entry?.set.keys.get(entry.set.current);
      if (entry === undefined || cachedKey === undefined || !cachedKey.equals(key)) {
        return derivation.derive(key);
      }
      let derived = entry.derived.get(derivation.label);
      if (derived === undefined) {
        derived = derivation.derive(key);
        entry.derived.set(derivation.label, derived);
      }
      return Buffer.from(derived);
    } finally {
      key.fill(0);
    }
  }

  /**
   * Every live generation of a patient's key and the one new seals use; undefined when the
   * patient has no key and `create` is false. Opening a record needs the generation it was
   * sealed under, which during a rotation may be an older one than the current.
   */
  async patientKeySet(
    scope: PatientKeyScope,
    options: { create: boolean },
  ): Promise<KeySet | undefined> {
    return this.#load(scope, options.create);
  }

  /**
   * A patient's key set if this process holds it unexpired, else undefined; never reads the
   * store. For code inside a transaction, where the store cannot be read (records/record-keys.ts).
   */
  cachedPatientKeySet(scope: PatientKeyScope): KeySet | undefined {
    const cached = this.#cache.get(scopeKey(scope));
    return cached !== undefined && cached.expiresAt > this.#now() ? copySet(cached.set) : undefined;
  }

  /**
   * A fresh random key for generation `generation` of a patient, wrapped by the tenant key and
   * bound to that generation. Not stored: the rotation job stores it with its activation time
   * (and its audit entry) in one transaction. The plaintext is wiped before this returns.
   */
  async wrapNewPatientKey(scope: PatientKeyScope, generation: number): Promise<WrappedKey> {
    const fresh = randomBytes(KEY_LENGTH);
    try {
      return await this.#wrap(scope, fresh, generation);
    } finally {
      fresh.fill(0);
    }
  }

  /** Drops `scope`'s key from this process's cache, so the next use re-reads the store. */
  forget(scope: KeyScope): void {
    const id = scopeKey(scope);
    this.#epoch++;
    this.#drop(this.#cache.get(id));
    this.#cache.delete(id);
    this.#inflight.delete(`read ${id}`);
    this.#inflight.delete(`create ${id}`);
  }

  /**
   * Crypto-shreds `scope`: deletes its stored wrapped key (every generation) and drops it from
   * this process's cache. Every ciphertext made under the key becomes unreadable; a later
   * {@link dataKey} call makes a new, unrelated key. Other nodes stop using the key within the
   * cache TTL.
   */
  async destroy(scope: KeyScope): Promise<void> {
    this.#dropDescendants(scope);
    await this.#store.delete(scope);
    // Again: a load that began while the delete was under way may have read the old row.
    this.#dropDescendants(scope);
  }

  /** Forgets `scope` and, for a tenant, every cached patient key beneath it. */
  #dropDescendants(scope: KeyScope): void {
    this.forget(scope);
    if (scope.kind !== 'tenant') return;
    for (const entry of [...this.#cache.values()]) {
      if (entry.scope.kind === 'patient' && entry.scope.tenantId === scope.tenantId) {
        this.forget(entry.scope);
      }
    }
  }

  async #load(scope: KeyScope, create: boolean): Promise<KeySet | undefined> {
    const id = scopeKey(scope);
    const cached = this.#cache.get(id);
    if (cached !== undefined) {
      if (cached.expiresAt > this.#now()) return copySet(cached.set);
      this.#drop(cached);
      this.#cache.delete(id);
    }
    const flightId = `${create ? 'create' : 'read'} ${id}`;
    let flight = this.#inflight.get(flightId);
    if (flight === undefined) {
      const started = this.#fetch(scope, id, create).finally(() => {
        if (this.#inflight.get(flightId) === started) this.#inflight.delete(flightId);
      });
      this.#inflight.set(flightId, started);
      flight = started;
    }
    const set = await flight;
    return set && copySet(set);
  }

  async #fetch(scope: KeyScope, id: string, create: boolean): Promise<KeySet | undefined> {
    const epoch = this.#epoch;
    let stored = await this.#readStored(scope);
    if (stored.length === 0) {
      if (!create) return undefined;
      const fresh = randomBytes(KEY_LENGTH);
      try {
        const kept = await this.#store.putIfAbsent(scope, await this.#wrap(scope, fresh, 1));
        // Use what the store kept: if another node won the race it is their key, not ours, and
        // every node must use the same one. A generational store is re-read for the same reason.
        stored = this.#generational(scope)
          ? await this.#readStored(scope)
          : [{ generation: 1, key: kept, active: true }];
      } finally {
        fresh.fill(0);
      }
      if (stored.length === 0) throw new Error('data key vanished right after it was stored');
    }
    const keys = new Map<number, Buffer>();
    try {
      for (const row of stored) {
        keys.set(row.generation, await this.#unwrap(scope, row.key, row.generation));
      }
    } catch (error) {
      for (const key of keys.values()) key.fill(0);
      throw error;
    }
    const set: KeySet = { current: currentGeneration(stored), keys };
    this.#remember(id, scope, set, epoch);
    return set;
  }

  /**
   * A patient's key set from generations the caller read itself, inside a transaction where
   * the store cannot be read (records/record-keys.ts), unwrapped with the tenant key the caller
   * holds, and cached as if fetched. Undefined when there are none (never made, or erased).
   */
  patientKeySetFromStored(
    scope: PatientKeyScope,
    stored: readonly StoredKeyGeneration[],
    tenantKey: Buffer,
    /** {@link cacheEpoch} as it was before `stored` was read. */
    readAtEpoch: number,
  ): KeySet | undefined {
    if (stored.length === 0) return undefined;
    const keys = new Map<number, Buffer>();
    try {
      for (const row of stored) {
        keys.set(row.generation, unwrapWithTenantKey(scope, row.key, row.generation, tenantKey));
      }
    } catch (error) {
      for (const key of keys.values()) key.fill(0);
      throw error;
    }
    const set: KeySet = { current: currentGeneration(stored), keys };
    this.#remember(scopeKey(scope), scope, set, readAtEpoch);
    return set;
  }

  /** Caches a copy of `set`, unless the key was forgotten or destroyed since `epoch`. */
  #remember(id: string, scope: KeyScope, set: KeySet, epoch: number): void {
    if (this.#ttlMs <= 0 || epoch !== this.#epoch) return;
    this.#drop(this.#cache.get(id));
    if (this.#cache.size >= this.#sweepAt) this.#sweep();
    // The cache keeps its own copy: it wipes that copy on eviction, and the set handed back is
    // still being copied out by every caller waiting on this load.
    this.#cache.set(id, {
      scope,
      set: copySet(set),
      expiresAt: this.#now() + this.#ttlMs,
      derived: new Map(),
    });
  }

  #generational(scope: KeyScope): boolean {
    return scope.kind === 'patient' && this.#store.patientKeyGenerations !== undefined;
  }

  async #readStored(scope: KeyScope): Promise<StoredKeyGeneration[]> {
    if (scope.kind === 'patient' && this.#store.patientKeyGenerations !== undefined) {
      return this.#store.patientKeyGenerations(scope);
    }
    const key = await this.#store.get(scope);
    return key ? [{ generation: 1, key, active: true }] : [];
  }

  async #wrap(scope: KeyScope, key: Buffer, generation: number): Promise<WrappedKey> {
    const aad = keyWrapAad(scope, generation);
    if (scope.kind !== 'patient') return this.#master.wrap(key, aad);
    const tenantKey = await this.dataKey(parentScope(scope));
    try {
      return { keyId: TENANT_WRAPPED_KEY_ID, wrapped: encrypt(tenantKey, key, aad) };
    } finally {
      tenantKey.fill(0);
    }
  }

  async #unwrap(scope: KeyScope, stored: WrappedKey, generation: number): Promise<Buffer> {
    if (scope.kind === 'patient') return this.#unwrapPatientKey(scope, stored, generation);
    const key = await this.#master.unwrap(stored, keyWrapAad(scope, generation));
    if (key.length !== KEY_LENGTH) throw new Error('unwrapped data key has the wrong length');
    return key;
  }

  async #unwrapPatientKey(scope: PatientKeyScope, stored: WrappedKey, generation: number) {
    const tenantKey = await this.existingDataKey(parentScope(scope));
    if (tenantKey === undefined) {
      // Not treated as "no key": a missing tenant key with patient keys left behind is either an
      // incomplete shred or the wrong database, and both deserve a loud failure.
      throw new Error('patient key exists but its tenant key does not');
    }
    try {
      return unwrapWithTenantKey(scope, stored, generation, tenantKey);
    } finally {
      tenantKey.fill(0);
    }
  }

  /**
   * Wipes and drops every expired entry. An expired key is otherwise dropped only when its scope
   * is asked for again, and a practice of many patients asks for most of them rarely: their key
   * material would stay in memory long after the TTL. Run when the cache has doubled since the
   * last sweep, so its cost per remembered key stays constant.
   */
  #sweep(): void {
    const now = this.#now();
    for (const [id, entry] of this.#cache) {
      if (entry.expiresAt > now) continue;
      this.#drop(entry);
      this.#cache.delete(id);
    }
    this.#sweepAt = Math.max(MIN_SWEEP_SIZE, 2 * this.#cache.size);
  }

  /** Wipes cached keys that are leaving the cache. Nobody else holds those buffers. */
  #drop(entry: CacheEntry | undefined): void {
    for (const key of entry?.set.keys.values() ?? []) key.fill(0);
    for (const key of entry?.derived.values() ?? []) key.fill(0);
  }
}
