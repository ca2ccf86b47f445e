// The envelope hierarchy at run time: fetches, creates, caches and destroys data keys. Storage is
// behind WrappedKeyStore so this file knows nothing about databases; only wrapped keys are ever
// handed to the store.
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, KEY_LENGTH } from './aead.js';
import { keyWrapAad } from './associated-data.js';
import { parentScope, scopeKey, type KeyScope, type PatientKeyScope } from './key-scope.js';
import type { MasterKeyProvider, WrappedKey } from './master-key.js';

/**
 * The `keyId` stored with a patient key. Patient keys are wrapped by their tenant's data key, not
 * by a master key, so this marker can never be mistaken for a master key id during rotation.
 */
export const TENANT_WRAPPED_KEY_ID = 'tenant';

/** Default lifetime of an unwrapped key in the in-process cache. */
export const DEFAULT_KEY_CACHE_TTL_MS = 60_000;

/** Where wrapped data keys are kept (a database table in production). */
export interface WrappedKeyStore {
  /** The wrapped key stored for `scope`, if any. */
  get(scope: KeyScope): Promise<WrappedKey | undefined>;
  /**
   * Stores `key` unless a key is already stored for `scope`, and returns the stored one. If two
   * nodes race to create a key, both end up with the same key: the loser uses the winner's.
   */
  putIfAbsent(scope: KeyScope, key: WrappedKey): Promise<WrappedKey>;
  /**
   * Deletes the wrapped key for `scope` (crypto-shredding). Deleting a tenant should also delete
   * its patients' keys: they cannot be unwrapped without it, and leaving them behind makes later
   * reads of those patients fail loudly instead of finding no key.
   */
  delete(scope: KeyScope): Promise<void>;
}

/** Options for {@link Keyring}. */
export interface KeyringOptions {
  /** How long an unwrapped key may be reused without re-reading the store. 0 disables caching. */
  readonly cacheTtlMs?: number;
  /** Clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
}

interface CacheEntry {
  readonly scope: KeyScope;
  readonly key: Buffer;
  readonly expiresAt: number;
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
  // therefore the longest a destroyed key can remain usable on another node.
  readonly #cache = new Map<string, CacheEntry>();
  // Loads in progress, so concurrent callers for one scope share one read (and one creation)
  // instead of racing to create two keys. Across nodes, putIfAbsent settles the race.
  readonly #inflight = new Map<string, Promise<Buffer | undefined>>();
  // Bumped by forget and destroy; a load that started before the bump must not refill the cache
  // with what it read, since that may be the key just destroyed.
  #epoch = 0;

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

  /** The data key for `scope`, creating (and storing, wrapped) a new one if none exists. */
  async dataKey(scope: KeyScope): Promise<Buffer> {
    const key = await this.#load(scope, true);
    if (key === undefined) throw new Error('data key was not created'); // cannot happen
    return key;
  }

  /** The data key for `scope` if one is stored, else undefined (never created, or destroyed). */
  async existingDataKey(scope: KeyScope): Promise<Buffer | undefined> {
    return await this.#load(scope, false);
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
   * Crypto-shreds `scope`: deletes its stored wrapped key and drops it from this process's cache.
   * Every ciphertext made under the key becomes unreadable; a later {@link dataKey} call makes a
   * new, unrelated key. Other nodes stop using the key within the cache TTL.
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

  async #load(scope: KeyScope, create: boolean): Promise<Buffer | undefined> {
    const id = scopeKey(scope);
    const cached = this.#cache.get(id);
    if (cached !== undefined) {
      if (cached.expiresAt > this.#now()) return Buffer.from(cached.key);
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
    const key = await flight;
    return key && Buffer.from(key);
  }

  async #fetch(scope: KeyScope, id: string, create: boolean): Promise<Buffer | undefined> {
    const epoch = this.#epoch;
    let stored = await this.#store.get(scope);
    if (stored === undefined) {
      if (!create) return undefined;
      const fresh = randomBytes(KEY_LENGTH);
      try {
        stored = await this.#store.putIfAbsent(scope, await this.#wrap(scope, fresh));
      } finally {
        fresh.fill(0);
      }
      // Fall through and unwrap what the store kept: if another node won the race it is their
      // key, not ours, and every node must use the same one.
    }
    const key = await this.#unwrap(scope, stored);
    if (this.#ttlMs > 0 && epoch === this.#epoch) {
      this.#drop(this.#cache.get(id));
      // The cache keeps its own copy: it wipes that copy on eviction, and the result below is
      // still being copied out by every caller waiting on this load.
      this.#cache.set(id, { scope, key: Buffer.from(key), expiresAt: this.#now() + this.#ttlMs });
    }
    return key;
  }

  async #wrap(scope: KeyScope, key: Buffer): Promise<WrappedKey> {
    const aad = keyWrapAad(scope);
    if (scope.kind !== 'patient') return this.#master.wrap(key, aad);
    const tenantKey = await this.dataKey(parentScope(scope));
    try {
      return { keyId: TENANT_WRAPPED_KEY_ID, wrapped: encrypt(tenantKey, key, aad) };
    } finally {
      tenantKey.fill(0);
    }
  }

  async #unwrap(scope: KeyScope, stored: WrappedKey): Promise<Buffer> {
    const aad = keyWrapAad(scope);
    const key =
      scope.kind === 'patient'
        ? await this.#unwrapPatientKey(scope, stored, aad)
        : await this.#master.unwrap(stored, aad);
    if (key.length !== KEY_LENGTH) throw new Error('unwrapped data key has the wrong length');
    return key;
  }

  async #unwrapPatientKey(scope: PatientKeyScope, stored: WrappedKey, aad: Buffer) {
    if (stored.keyId !== TENANT_WRAPPED_KEY_ID) {
      throw new Error('stored patient key is not wrapped by its tenant key');
    }
    const tenantKey = await this.existingDataKey(parentScope(scope));
    if (tenantKey === undefined) {
      // Not treated as "no key": a missing tenant key with patient keys left behind is either an
      // incomplete shred or the wrong database, and both deserve a loud failure.
      throw new Error('patient key exists but its tenant key does not');
    }
    try {
      return decrypt(tenantKey, stored.wrapped, aad);
    } finally {
      tenantKey.fill(0);
    }
  }

  /** Wipes a cached key that is leaving the cache. Nobody else holds that buffer. */
  #drop(entry: CacheEntry | undefined): void {
    entry?.key.fill(0);
  }
}

/** A {@link WrappedKeyStore} in process memory, for tests and tools. */
export class InMemoryWrappedKeyStore implements WrappedKeyStore {
  readonly #rows = new Map<string, WrappedKey>();

  get(scope: KeyScope): Promise<WrappedKey | undefined> {
    return new Promise((resolve) => {
      const row = this.#rows.get(scopeKey(scope));
      resolve(row && copyWrapped(row));
    });
  }

  putIfAbsent(scope: KeyScope, key: WrappedKey): Promise<WrappedKey> {
    return new Promise((resolve) => {
      const id = scopeKey(scope);
      let row = this.#rows.get(id);
      if (row === undefined) {
        row = copyWrapped(key);
        this.#rows.set(id, row);
      }
      resolve(copyWrapped(row));
    });
  }

  delete(scope: KeyScope): Promise<void> {
    return new Promise((resolve) => {
      const id = scopeKey(scope);
      this.#rows.delete(id);
      if (scope.kind === 'tenant') {
        // Patient keys are unreadable without their tenant key; take them too (see the interface).
        const prefix = `patient:${encodeURIComponent(scope.tenantId)}:`;
        for (const rowId of [...this.#rows.keys()]) {
          if (rowId.startsWith(prefix)) this.#rows.delete(rowId);
        }
      }
      resolve();
    });
  }

  /** Scope strings ({@link scopeKey}) of the stored keys, for assertions in tests. */
  scopeKeys(): string[] {
    return [...this.#rows.keys()];
  }

  /** Overwrites a row unconditionally. For tests that simulate tampering or copied rows. */
  replace(scope: KeyScope, key: WrappedKey): void {
    this.#rows.set(scopeKey(scope), copyWrapped(key));
  }
}

// Copies so a caller mutating a returned buffer cannot change what is stored, as with a database.
function copyWrapped(key: WrappedKey): WrappedKey {
  return { keyId: key.keyId, wrapped: Buffer.from(key.wrapped) };
}
