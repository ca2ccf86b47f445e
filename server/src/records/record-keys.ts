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
  deriveBlindIndexKey,
  patientScope,
  tenantScope,
  type Keyring,
  type KeySet,
} from '../crypto/index.js';
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

export class RecordKeys {
  readonly #keys: ReadonlyMap<string, CompartmentKeys>;
  /**
   * The tenant's blind-index key, which keys the search terms of every version written
   * (fhir/search/search-index.ts); loaded with the other keys so no write can skip indexing.
   */
  readonly #searchKey: Buffer | undefined;

  private constructor(keys: ReadonlyMap<string, CompartmentKeys>, searchKey: Buffer | undefined) {
    this.#keys = keys;
    this.#searchKey = searchKey;
  }

  /** The search-term key; present whenever the tenant has a key (always, once it has data). */
  get searchKey(): Buffer {
    if (!this.#searchKey) throw new Error('The tenant has no key yet: load keys with create');
    return this.#searchKey;
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
    const keys = new Map<string, CompartmentKeys>();
    for (const compartment of new Set(compartments)) {
      if (compartment === null) {
        const scope = tenantScope(tenantId);
        const key = options.create
          ? await keyring.dataKey(scope)
          : await keyring.existingDataKey(scope);
        if (key) keys.set(TENANT, { current: 1, keys: new Map([[1, key]]), generational: false });
      } else {
        const set = await keyring.patientKeySet(patientScope(tenantId, compartment), options);
        if (set) keys.set(compartment, { ...set, generational: true });
      }
    }
    // Without `create`, a made-up tenant id must neither fail nor leave a key behind.
    const tenantKey = options.create
      ? await keyring.dataKey(tenantScope(tenantId))
      : await keyring.existingDataKey(tenantScope(tenantId));
    try {
      return new RecordKeys(keys, tenantKey && deriveBlindIndexKey(tenantKey));
    } finally {
      tenantKey?.fill(0);
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
