import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decrypt, DecryptionError, encrypt } from './aead.js';
import { recordAad } from './associated-data.js';
import { patientScope, platformScope, tenantScope, type KeyScope } from './key-scope.js';
import { InMemoryWrappedKeyStore, Keyring, type WrappedKeyStore } from './keyring.js';
import { LocalMasterKeyProvider, type MasterKeyProvider, type WrappedKey } from './master-key.js';

const master = () =>
  LocalMasterKeyProvider.fromConfig({ keys: `k1:${randomBytes(32).toString('base64')}` });

/** Counts calls and can delay reads, so races between callers actually overlap. */
class CountingStore implements WrappedKeyStore {
  readonly inner = new InMemoryWrappedKeyStore();
  gets = 0;
  puts = 0;
  constructor(private readonly delayMs = 0) {}
  async get(scope: KeyScope): Promise<WrappedKey | undefined> {
    this.gets++;
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.inner.get(scope);
  }
  async putIfAbsent(scope: KeyScope, key: WrappedKey): Promise<WrappedKey> {
    this.puts++;
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return this.inner.putIfAbsent(scope, key);
  }
  delete(scope: KeyScope): Promise<void> {
    return this.inner.delete(scope);
  }
}

class CountingMaster implements MasterKeyProvider {
  wraps = 0;
  constructor(private readonly inner: MasterKeyProvider) {}
  get currentKeyId() {
    return this.inner.currentKeyId;
  }
  wrap(dataKey: Buffer, aad: Buffer) {
    this.wraps++;
    return this.inner.wrap(dataKey, aad);
  }
  unwrap(wrapped: WrappedKey, aad: Buffer) {
    return this.inner.unwrap(wrapped, aad);
  }
}

const t1 = tenantScope('t1');
const p1 = patientScope('t1', 'p1');
const p2 = patientScope('t1', 'p2');

describe('Keyring', () => {
  it('gives the same key for the same scope, across instances sharing a store', async () => {
    const provider = master();
    const store = new InMemoryWrappedKeyStore();
    const keyring = new Keyring(provider, store);
    const first = await keyring.dataKey(t1);
    expect(first.length).toBe(32);
    expect(await keyring.dataKey(t1)).toEqual(first);
    expect(await keyring.existingDataKey(t1)).toEqual(first);
    // Another node, cold cache, same store and master key.
    expect(await new Keyring(provider, store).dataKey(t1)).toEqual(first);
    expect(await keyring.dataKey(platformScope())).not.toEqual(first);
  });

  it('stores only wrapped keys, patient keys marked as tenant-wrapped', async () => {
    const store = new InMemoryWrappedKeyStore();
    const keyring = new Keyring(master(), store);
    const patientKey = await keyring.dataKey(p1);
    const tenantKey = await keyring.dataKey(t1);
    expect(store.scopeKeys().sort()).toEqual(['patient:t1:p1', 'tenant:t1']);
    const storedPatient = await store.get(p1);
    const storedTenant = await store.get(t1);
    expect(storedPatient?.keyId).toBe('tenant');
    expect(storedTenant?.keyId).toBe('k1');
    expect(storedPatient?.wrapped.includes(patientKey)).toBe(false);
    expect(storedTenant?.wrapped.includes(tenantKey)).toBe(false);
  });

  it('hands out copies: mutating a returned key does not affect the next caller', async () => {
    const keyring = new Keyring(master(), new InMemoryWrappedKeyStore());
    const first = await keyring.dataKey(t1);
    const copy = Buffer.from(first);
    first.fill(0);
    expect(await keyring.dataKey(t1)).toEqual(copy);
  });

  it('gives different keys to different patients and tenants', async () => {
    const keyring = new Keyring(master(), new InMemoryWrappedKeyStore());
    const keys = await Promise.all(
      [p1, p2, patientScope('t2', 'p1'), t1, tenantScope('t2')].map((s) => keyring.dataKey(s)),
    );
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(keys.length);
  });

  it('refuses a wrapped patient key moved to another patient', async () => {
    const provider = master();
    const store = new InMemoryWrappedKeyStore();
    await new Keyring(provider, store).dataKey(p1);
    const moved = await store.get(p1);
    if (!moved) throw new Error('expected a stored key');
    store.replace(p2, moved);
    const fresh = new Keyring(provider, store);
    await expect(fresh.dataKey(p2)).rejects.toBeInstanceOf(DecryptionError);
    await expect(fresh.existingDataKey(p2)).rejects.toBeInstanceOf(DecryptionError);
    // And a tenant key moved to another tenant fails the same way.
    store.replace(tenantScope('t2'), (await store.get(t1)) as WrappedKey);
    await expect(fresh.dataKey(tenantScope('t2'))).rejects.toBeInstanceOf(DecryptionError);
  });

  it('destroy crypto-shreds: the old key is gone and a new, different one is made', async () => {
    const keyring = new Keyring(master(), new InMemoryWrappedKeyStore());
    const oldKey = await keyring.dataKey(p1);
    const row = { tenantId: 't1', resourceType: 'Patient', id: 'p1', version: 1 };
    const sealed = encrypt(oldKey, Buffer.from('diagnosis'), recordAad(row));

    await keyring.destroy(p1);
    expect(await keyring.existingDataKey(p1)).toBeUndefined();

    const newKey = await keyring.dataKey(p1);
    expect(newKey).not.toEqual(oldKey);
    expect(() => decrypt(newKey, sealed, recordAad(row))).toThrow(DecryptionError);
    // Other patients are untouched.
    expect(await keyring.existingDataKey(t1)).toBeDefined();
  });

  it('destroying a tenant makes its patient keys unavailable', async () => {
    const store = new InMemoryWrappedKeyStore();
    const keyring = new Keyring(master(), store);
    await keyring.dataKey(p1);
    await keyring.dataKey(patientScope('t2', 'p1'));
    await keyring.destroy(t1);
    expect(await keyring.existingDataKey(t1)).toBeUndefined();
    expect(await keyring.existingDataKey(p1)).toBeUndefined();
    expect(store.scopeKeys().sort()).toEqual(['patient:t2:p1', 'tenant:t2']);
  });

  it('fails loudly if a patient key outlives its tenant key in the store', async () => {
    const provider = master();
    const store = new InMemoryWrappedKeyStore();
    await new Keyring(provider, store).dataKey(p1);
    const orphan = (await store.get(p1)) as WrappedKey;
    await store.delete(t1);
    store.replace(p1, orphan);
    await expect(new Keyring(provider, store).existingDataKey(p1)).rejects.toThrow(
      /tenant key does not/,
    );
  });

  it('re-reads the store once the cache TTL has passed', async () => {
    let now = 1_000;
    const provider = master();
    const store = new CountingStore();
    const keyring = new Keyring(provider, store, { cacheTtlMs: 60_000, now: () => now });
    const key = await keyring.dataKey(t1);
    const readsAfterCreate = store.gets;

    now += 59_999;
    expect(await keyring.dataKey(t1)).toEqual(key);
    expect(store.gets).toBe(readsAfterCreate);

    // Another node destroys the key; this node notices once its cache entry expires.
    await new Keyring(provider, store).destroy(t1);
    expect(await keyring.existingDataKey(t1)).toEqual(key);
    now += 1;
    expect(await keyring.existingDataKey(t1)).toBeUndefined();
    expect(store.gets).toBe(readsAfterCreate + 1);
  });

  it('forget drops a key from the cache; a TTL of 0 disables caching', async () => {
    const store = new CountingStore();
    const keyring = new Keyring(master(), store);
    await keyring.dataKey(t1);
    const reads = store.gets;
    await keyring.dataKey(t1);
    expect(store.gets).toBe(reads);
    keyring.forget(t1);
    await keyring.dataKey(t1);
    expect(store.gets).toBe(reads + 1);

    const uncachedStore = new CountingStore();
    const uncached = new Keyring(master(), uncachedStore, { cacheTtlMs: 0 });
    await uncached.dataKey(t1);
    await uncached.dataKey(t1);
    await uncached.dataKey(t1);
    expect(uncachedStore.gets).toBe(3);
    expect(() => new Keyring(master(), store, { cacheTtlMs: -1 })).toThrow(RangeError);
  });

  it('50 concurrent dataKey calls create exactly one key', async () => {
    const provider = new CountingMaster(master());
    const store = new CountingStore(5);
    const keyring = new Keyring(provider, store);
    const keys = await Promise.all(Array.from({ length: 50 }, () => keyring.dataKey(p1)));
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(1);
    expect(store.puts).toBe(2); // one tenant key, one patient key
    expect(provider.wraps).toBe(1); // only the tenant key is wrapped by the master key
    expect(store.inner.scopeKeys().sort()).toEqual(['patient:t1:p1', 'tenant:t1']);
  });

  it('two nodes racing to create a key end up with the same one', async () => {
    const provider = master();
    const store = new CountingStore(5);
    const [a, b] = await Promise.all([
      new Keyring(provider, store).dataKey(p1),
      new Keyring(provider, store).dataKey(p1),
    ]);
    expect(a).toEqual(b);
    expect(store.puts).toBe(4); // both tried, putIfAbsent kept the first of each
  });

  it('holds every generation of a patient key; seals use the newest active one', async () => {
    const store = new InMemoryWrappedKeyStore();
    const keyring = new Keyring(master(), store, { cacheTtlMs: 0 });
    const first = await keyring.dataKey(p1);
    const wrapped = await keyring.wrapNewPatientKey(p1, 2);
    expect(wrapped.wrapped.includes(first)).toBe(false);
    store.addGeneration(p1, 2, wrapped, false); // stored, not yet active
    let set = await keyring.patientKeySet(p1, { create: false });
    expect(set?.current).toBe(1);
    expect([...(set?.keys.keys() ?? [])]).toEqual([1, 2]);
    expect(await keyring.dataKey(p1)).toEqual(first);

    store.addGeneration(p1, 2, wrapped, true);
    set = await keyring.patientKeySet(p1, { create: true });
    expect(set?.current).toBe(2);
    expect(set?.keys.get(1)).toEqual(first);
    expect(await keyring.dataKey(p1)).toEqual(set?.keys.get(2));
    expect(set?.keys.get(2)).not.toEqual(first);

    // A generation's wrap is bound to its number: copied onto another generation, it fails.
    store.addGeneration(p1, 3, wrapped, true);
    await expect(keyring.patientKeySet(p1, { create: false })).rejects.toBeInstanceOf(
      DecryptionError,
    );
  });

  it('caches a key set the caller read, unless a key was forgotten or destroyed since', async () => {
    const provider = master();
    const store = new InMemoryWrappedKeyStore();
    const key = await new Keyring(provider, store).dataKey(p1);
    const rows = await store.patientKeyGenerations(p1);
    const tenantKey = await new Keyring(provider, store).dataKey(t1);

    const node = new Keyring(provider, store);
    const set = node.patientKeySetFromStored(p1, rows, tenantKey, node.cacheEpoch);
    expect(set?.keys.get(1)).toEqual(key);
    expect(node.cachedPatientKeySet(p1)?.keys.get(1)).toEqual(key);

    // Rows read, then a forget (here of another key) before they are unwrapped: they may hold
    // the very key just dropped, so they serve this caller and stay out of the cache.
    const late = new Keyring(provider, store);
    const readAt = late.cacheEpoch;
    late.forget(p2);
    expect(late.patientKeySetFromStored(p1, rows, tenantKey, readAt)?.keys.get(1)).toEqual(key);
    expect(late.cachedPatientKeySet(p1)).toBeUndefined();
    expect(late.patientKeySetFromStored(p1, [], tenantKey, late.cacheEpoch)).toBeUndefined();
  });

  it('sweeps expired keys out of memory once the cache has doubled', async () => {
    let now = 0;
    const keyring = new Keyring(master(), new InMemoryWrappedKeyStore(), {
      cacheTtlMs: 1_000,
      now: () => now,
    });
    const make = (from: number, count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          keyring.dataKey(patientScope('t1', `p${from + i}`)),
        ),
      );
    await make(0, 400);
    expect(keyring.cachedKeyCount).toBe(401); // and the tenant key
    now += 1_001; // all of them expired, none asked for again
    await make(400, 400);
    // Swept when the cache reached twice its size after the last sweep: only fresh keys stay.
    expect(keyring.cachedKeyCount).toBeLessThanOrEqual(401);
    expect(keyring.cachedKeyCount).toBeGreaterThan(100);
    expect(keyring.cachedPatientKeySet(patientScope('t1', 'p799'))).toBeDefined();
  });

  describe('derived keys', () => {
    const counted = () => {
      let runs = 0;
      const derivation = {
        label: 'test.derived.v1',
        derive: (key: Buffer) => {
          runs++;
          return createHmac('sha256', key).update('derived').digest();
        },
      };
      return { derivation, runs: () => runs };
    };

    it('derive once per cached key, equal to deriving from the key itself', async () => {
      const keyring = new Keyring(master(), new InMemoryWrappedKeyStore());
      const { derivation, runs } = counted();
      const first = await keyring.derivedKey(t1, derivation);
      expect(first).toEqual(derivation.derive(await keyring.dataKey(t1)));
      first?.fill(0); // a copy: wiping it leaves the kept one whole
      const again = await keyring.derivedKey(t1, derivation);
      expect(again).toEqual(derivation.derive(await keyring.dataKey(t1)));
      expect(runs()).toBe(3); // one kept, two made by the test itself
      const other = { label: 'test.other.v1', derive: derivation.derive };
      await keyring.derivedKey(t1, other);
      expect(runs()).toBe(4); // another label is derived on its own
    });

    it('die with their key: destroyed, expired or uncached keys derive afresh', async () => {
      let now = 0;
      const keyring = new Keyring(master(), new InMemoryWrappedKeyStore(), { now: () => now });
      const { derivation, runs } = counted();
      const before = await keyring.derivedKey(t1, derivation);
      await keyring.destroy(t1);
      const after = await keyring.derivedKey(t1, derivation);
      expect(after).not.toEqual(before);
      expect(after).toEqual(derivation.derive(await keyring.dataKey(t1)));
      now += keyring.cacheTtlMs + 1;
      await keyring.derivedKey(t1, derivation);
      expect(runs()).toBe(4);
      const uncached = new Keyring(master(), new InMemoryWrappedKeyStore(), { cacheTtlMs: 0 });
      const fresh = counted();
      await uncached.derivedKey(t1, fresh.derivation);
      await uncached.derivedKey(t1, fresh.derivation);
      expect(fresh.runs()).toBe(2);
    });

    it('make no key without create', async () => {
      const keyring = new Keyring(master(), new InMemoryWrappedKeyStore());
      const { derivation } = counted();
      expect(await keyring.derivedKey(t1, derivation, { create: false })).toBeUndefined();
      expect(await keyring.existingDataKey(t1)).toBeUndefined();
    });
  });
});
