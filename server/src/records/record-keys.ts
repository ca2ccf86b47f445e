/**
 * The data keys one unit of work needs, fetched before its transaction opens (the key store
 * reads on the system path, and a transaction inside a tenant transaction is refused). Every
 * seal and unseal of a FHIR resource goes through here, so how keys are chosen (the patient's
 * compartment key, or the tenant key for resources outside any compartment) lives in one place.
 */
import type { Resource } from '@medplum/fhirtypes';
import { patientScope, tenantScope, type Keyring } from '../crypto/index.js';
import { sealResource, unsealResource, type RecordAddress } from './record-sealing.js';

/** The compartment a key belongs to: a patient id, or null for the tenant's own resources. */
export type Compartment = string | null;

const TENANT = 'tenant';

export class RecordKeys {
  readonly #keys: ReadonlyMap<string, Buffer>;

  private constructor(keys: ReadonlyMap<string, Buffer>) {
    this.#keys = keys;
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
    const keys = new Map<string, Buffer>();
    for (const compartment of new Set(compartments)) {
      const scope =
        compartment === null ? tenantScope(tenantId) : patientScope(tenantId, compartment);
      const key = options.create
        ? await keyring.dataKey(scope)
        : await keyring.existingDataKey(scope);
      if (key) keys.set(compartment ?? TENANT, key);
    }
    return new RecordKeys(keys);
  }

  /** Whether the key of `compartment` was fetched (and exists). */
  has(compartment: Compartment): boolean {
    return this.#keys.has(compartment ?? TENANT);
  }

  /** Seals one version of a resource under its compartment's key. */
  seal(compartment: Compartment, address: RecordAddress, resource: Resource): Buffer {
    return sealResource(this.#key(compartment), address, resource);
  }

  /** Opens one stored version; throws DecryptionError if it was not sealed for `address`. */
  unseal(compartment: Compartment, address: RecordAddress, sealed: Buffer): Resource {
    return unsealResource(this.#key(compartment), address, sealed);
  }

  #key(compartment: Compartment): Buffer {
    const key = this.#keys.get(compartment ?? TENANT);
    if (!key) throw new Error('The key of a compartment was not fetched before the transaction');
    return key;
  }
}
