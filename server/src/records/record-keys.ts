/**
 * The data keys one unit of work needs, fetched before its transaction opens (the key store
 * reads on the system path, and a transaction inside a tenant transaction is refused). Every
 * seal and unseal of a FHIR resource goes through here, so how keys are chosen (the patient's
 * compartment key, or the tenant key for resources outside any compartment) lives in one place.
 *
 * A patient's key may be mid-rotation: then its rows are under two generations. Both are
 * loaded; `seal` uses the current one and `unseal` the one the sealed bytes name.
 */
import type { Resource } from '@medplum/fhirtypes';
import {
  DecryptionError,
  holdsGenerationsOf,
  BLIND_INDEX_KEY,
  patientScope,
  tenantScope,
  type Keyring,
  type KeySet,
  type StoredKeyGeneration,
} from '../crypto/index.js';
import type { Tx } from '../db/transactions.js';
import { patientKeyGenerationsIn } from '../keys/database-key-store.js';
import {
  sealedKeyGeneration,
  sealPlaintext,
  sealResource,
  unsealPlaintext,
  unsealResource,
  type RecordAddress,
} from './record-sealing.js';

/** The compartment a key belongs to: a patient id, or null for the tenant's own resources. */
export type Compartment = string | null;

const TENANT = 'tenant';

interface CompartmentKeys extends KeySet {
  /** Patient keys have generations, named in the sealed bytes; tenant keys do not. */
  readonly generational: boolean;
}

/**
 * Thrown inside a transaction that found records whose keys are neither fetched nor in this
 * process's key cache. The repository rolls the transaction back, fetches them, and runs it
 * again (gate/record-repository.ts), so nothing the first run did is kept.
 */
export class KeysNeeded extends Error {
  override readonly name = 'KeysNeeded';
  constructor(
    readonly compartments: readonly Compartment[],
    /** Whether a missing key is to be made (a write), not only looked for. */
    readonly create: boolean,
  ) {
    super('The keys of some compartments must be fetched before this transaction');
  }
}

export class RecordKeys {
  readonly #keys: Map<string, CompartmentKeys>;
  /** Compartments looked for and found to have no key (never written, or erased). */
  readonly #absent = new Set<string>();
  readonly #keyring: Keyring;
  readonly #tenantId: string;
  /**
   * The tenant's blind-index key, which keys the search terms of every version written
   * (fhir/search/search-index.ts); loaded with the other keys so no write can skip indexing.
   */
  #searchKey: Buffer | undefined;
  /** The keyring's cache epoch before any statement of this unit of work read wrapped keys. */
  readonly #readAtEpoch: number;

  private constructor(
    keyring: Keyring,
    tenantId: string,
    keys: Map<string, CompartmentKeys>,
    searchKey: Buffer | undefined,
  ) {
    this.#keyring = keyring;
    this.#tenantId = tenantId;
    this.#keys = keys;
    this.#searchKey = searchKey;
    this.#readAtEpoch = keyring.cacheEpoch;
  }

  /** The search-term key; present whenever the tenant has a key (always, once it has data). */
  get searchKey(): Buffer {
    if (!this.#searchKey) throw new Error('The tenant has no key yet: load keys with create');
    return this.#searchKey;
  }

  /**
   * The tenant's search-term (blind-index) key alone, for the system jobs that index records
   * outside the gate (import, feeds); fetch before a transaction opens.
   */
  static async searchKeyOf(keyring: Keyring, tenantId: string): Promise<Buffer> {
    const key = await keyring.derivedKey(tenantScope(tenantId), BLIND_INDEX_KEY);
    if (key === undefined) throw new Error('tenant key was not created'); // create is on
    return key;
  }

  /**
   * Fetches the keys of `compartments`. With `create`, a missing key is made (for writes);
   * without it, a compartment whose key does not exist (never written, or erased) is simply
   * absent, so a read of a made-up patient id leaves no key behind.
   */
  static async load(
    keyring: Keyring,
    tenantId: string,
    compartments: readonly Compartment[],
    options: { create: boolean },
  ): Promise<RecordKeys> {
    // Without `create`, a made-up tenant id must neither fail nor leave a key behind.
    const tenantKey = options.create
      ? await keyring.dataKey(tenantScope(tenantId))
      : await keyring.existingDataKey(tenantScope(tenantId));
    const keys = new Map<string, CompartmentKeys>();
    // The tenant key is always at hand: resources outside any compartment are sealed under it.
    if (tenantKey) {
      const copy = Buffer.from(tenantKey);
      keys.set(TENANT, { current: 1, keys: new Map([[1, copy]]), generational: false });
    }
    for (const compartment of new Set(compartments)) {
      if (compartment === null) continue;
      const set = await keyring.patientKeySet(patientScope(tenantId, compartment), options);
      if (set) keys.set(compartment, { ...set, generational: true });
    }
    try {
      const recordKeys = new RecordKeys(
        keyring,
        tenantId,
        keys,
        tenantKey && (await keyring.derivedKey(tenantScope(tenantId), BLIND_INDEX_KEY, options)),
      );
      if (!tenantKey) recordKeys.#absent.add(TENANT);
      return recordKeys;
    } finally {
      tenantKey?.fill(0);
    }
  }

  /**
   * Makes sure the keys of `compartments` are at hand inside a transaction, where the key store
   * cannot be read: fetched already, in this process's key cache, or known to be absent (which
   * does for a read, never for a write: with `create` an absent key is to be made). Else throws
   * KeysNeeded naming every missing one at once. This is what lets one transaction find records
   * and open them, instead of one transaction to locate them and another to read them.
   */
  ensure(compartments: readonly Compartment[], options: { create: boolean }): void {
    const missing: Compartment[] = [];
    for (const compartment of new Set(compartments)) {
      const name = compartment ?? TENANT;
      if (this.#keys.has(name) || (this.#absent.has(name) && !options.create)) continue;
      const cached =
        compartment === null
          ? undefined
          : this.#keyring.cachedPatientKeySet(patientScope(this.#tenantId, compartment));
      if (cached) this.#keys.set(name, { ...cached, generational: true });
      else missing.push(compartment);
    }
    if (missing.length > 0) throw new KeysNeeded(missing, options.create);
  }

  /**
   * {@link ensure} for records found in the open transaction `tx`: keys that are neither at hand
   * nor cached are read in `tx` itself (one statement for all of them) and unwrapped with the
   * tenant key held here, so finding a record and opening it stays one run of one transaction.
   */
  async ensureIn(tx: Tx, compartments: readonly Compartment[]): Promise<void> {
    let missing: readonly Compartment[];
    try {
      this.ensure(compartments, { create: false });
      return;
    } catch (error) {
      if (!(error instanceof KeysNeeded)) throw error;
      missing = error.compartments;
    }
    // Without the tenant's key nothing of the tenant can be opened (and none of it was found).
    if (!this.#keys.has(TENANT)) throw new KeysNeeded(missing, false);
    const patients = missing.filter((c): c is string => c !== null);
    const stored = await patientKeyGenerationsIn(tx, this.#tenantId, patients);
    for (const patientId of patients) this.adoptStored(patientId, stored.get(patientId) ?? []);
  }

  /**
   * Takes a patient's key from the generations a statement of the open transaction returned
   * along with the patient's rows (gate/staff-context.ts), so opening them costs no statement of
   * its own: unwrapped with the tenant key held here, unless fetched or cached already. No
   * generations: the patient has no key (never written, or erased). Does nothing without the
   * tenant key; `ensureIn` then asks for it.
   */
  adoptStored(patientId: string, stored: readonly StoredKeyGeneration[]): void {
    const tenantKey = this.#keys.get(TENANT)?.keys.get(1);
    if (this.#keys.has(patientId) || this.#absent.has(patientId) || !tenantKey) return;
    // The rows are the store's word as of this statement, newer than any cache: none means the
    // key was erased, even if this process still holds it; a cached set stands in for them
    // only if it holds the very generations they name.
    if (stored.length === 0) {
      this.#absent.add(patientId);
      return;
    }
    const scope = patientScope(this.#tenantId, patientId);
    const cached = this.#keyring.cachedPatientKeySet(scope);
    const set =
      cached && holdsGenerationsOf(cached, stored)
        ? cached
        : this.#keyring.patientKeySetFromStored(scope, stored, tenantKey, this.#readAtEpoch);
    if (set) this.#keys.set(patientId, { ...set, generational: true });
    else this.#absent.add(patientId);
  }

  /** Fetches (or with `create` makes) the keys KeysNeeded named, outside any transaction. */
  async fetch(compartments: readonly Compartment[], options: { create: boolean }): Promise<void> {
    for (const compartment of new Set(compartments)) {
      const name = compartment ?? TENANT;
      if (this.#keys.has(name)) continue;
      if (compartment === null) {
        // The tenant key was looked for at load; only a write makes it.
        if (!options.create) continue;
        const tenantKey = await this.#keyring.dataKey(tenantScope(this.#tenantId));
        this.#searchKey = await RecordKeys.searchKeyOf(this.#keyring, this.#tenantId);
        this.#keys.set(TENANT, {
          current: 1,
          keys: new Map([[1, tenantKey]]),
          generational: false,
        });
        this.#absent.delete(TENANT);
        continue;
      }
      const scope = patientScope(this.#tenantId, compartment);
      const set = await this.#keyring.patientKeySet(scope, options);
      if (set) {
        this.#keys.set(name, { ...set, generational: true });
        this.#absent.delete(name);
      } else this.#absent.add(name);
    }
  }

  /** Whether the key of `compartment` was fetched (and exists). */
  has(compartment: Compartment): boolean {
    return this.#keys.has(compartment ?? TENANT);
  }

  /** The key generation `seal` uses for `compartment` (1 for the tenant's own resources). */
  currentGeneration(compartment: Compartment): number {
    return this.#set(compartment).current;
  }

  /** Seals one version of a resource under its compartment's current key. */
  seal(compartment: Compartment, address: RecordAddress, resource: Resource): Buffer {
    const set = this.#set(compartment);
    const key = set.keys.get(set.current);
    if (!key) throw new Error('The current key generation of a compartment is missing');
    return sealResource(key, address, resource, set.generational ? set.current : undefined);
  }

  /**
   * Opens one stored version; throws DecryptionError if it was not sealed for `address`, or
   * under a key generation that no longer exists (crypto-shredded by rotation or erasure).
   */
  unseal(compartment: Compartment, address: RecordAddress, sealed: Buffer): Resource {
    const key = this.#set(compartment).keys.get(sealedKeyGeneration(sealed));
    if (!key) throw new DecryptionError();
    return unsealResource(key, address, sealed);
  }

  /**
   * The same stored bytes sealed again under the current generation, for key rotation: opened
   * with the generation `sealed` names, never parsed, so the record cannot change on the way.
   * Throws DecryptionError as {@link unseal} does.
   */
  reseal(compartment: Compartment, address: RecordAddress, sealed: Buffer): Buffer {
    const set = this.#set(compartment);
    const oldKey = set.keys.get(sealedKeyGeneration(sealed));
    const newKey = set.keys.get(set.current);
    if (!oldKey || !newKey) throw new DecryptionError();
    const plaintext = unsealPlaintext(oldKey, address, sealed);
    try {
      return sealPlaintext(newKey, address, plaintext, set.generational ? set.current : undefined);
    } finally {
      plaintext.fill(0);
    }
  }

  #set(compartment: Compartment): CompartmentKeys {
    const set = this.#keys.get(compartment ?? TENANT);
    if (!set) throw new Error('The key of a compartment was not fetched before the transaction');
    return set;
  }
}
