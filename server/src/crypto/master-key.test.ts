import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError } from './aead.js';
import { keyWrapAad } from './associated-data.js';
import { generateMasterKeyString, LocalMasterKeyProvider } from './master-key.js';

const b64 = (length: number) => randomBytes(length).toString('base64');
const aad = keyWrapAad({ kind: 'tenant', tenantId: 't1' });

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('LocalMasterKeyProvider.fromConfig', () => {
  it('parses a good config; the first key is current', () => {
    const provider = LocalMasterKeyProvider.fromConfig({
      keys: ` k2:${b64(32)}, k1:${b64(32)}\n`,
    });
    expect(provider.currentKeyId).toBe('k2');
    expect(provider.keyIds).toEqual(['k2', 'k1']);
  });

  it('accepts what generateMasterKeyString produces', () => {
    const line = generateMasterKeyString('2025-01');
    expect(line).toMatch(/^2025-01:[A-Za-z0-9+/]{43}=$/);
    expect(LocalMasterKeyProvider.fromConfig({ keys: line }).currentKeyId).toBe('2025-01');
    expect(generateMasterKeyString('a')).not.toBe(generateMasterKeyString('a'));
    expect(() => generateMasterKeyString('bad:id')).toThrow();
  });

  it('refuses a key of the wrong length without echoing it', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      const key = b64(length);
      const error = thrown(() => LocalMasterKeyProvider.fromConfig({ keys: `k1:${key}` }));
      expect(error.message).toMatch(/k1/);
      if (key) expect(error.message).not.toContain(key);
    }
  });

  it('refuses malformed base64 without echoing it', () => {
    const key = `${b64(32).slice(0, -4)}!!!!`;
    const error = thrown(() => LocalMasterKeyProvider.fromConfig({ keys: `k1:${key}` }));
    expect(error.message).toMatch(/base64/);
    expect(error.message).not.toContain(key);
  });

  it('refuses a duplicate key id', () => {
    expect(() =>
      LocalMasterKeyProvider.fromConfig({ keys: `k1:${b64(32)},k1:${b64(32)}` }),
    ).toThrow(/duplicate master key id "k1"/);
  });

  it('refuses an empty list and empty or malformed entries', () => {
    expect(() => LocalMasterKeyProvider.fromConfig({ keys: '' })).toThrow(/no master keys/);
    expect(() => LocalMasterKeyProvider.fromConfig({ keys: '  \n' })).toThrow(/no master keys/);
    expect(() => LocalMasterKeyProvider.fromConfig({ keys: `k1:${b64(32)},` })).toThrow();
    const key = b64(32);
    const error = thrown(() => LocalMasterKeyProvider.fromConfig({ keys: key }));
    expect(error.message).not.toContain(key);
  });

  it('refuses an empty map or a current id it does not hold', () => {
    expect(() => new LocalMasterKeyProvider(new Map(), 'k1')).toThrow(/no master keys/);
    expect(() => new LocalMasterKeyProvider(new Map([['k1', randomBytes(32)]]), 'k2')).toThrow(
      /"k2"/,
    );
  });
});

describe('LocalMasterKeyProvider wrapping', () => {
  it('wraps and unwraps, binding the AAD', async () => {
    const provider = LocalMasterKeyProvider.fromConfig({ keys: `k1:${b64(32)}` });
    const dataKey = randomBytes(32);
    const wrapped = await provider.wrap(dataKey, aad);
    expect(wrapped.keyId).toBe('k1');
    expect(wrapped.wrapped.includes(dataKey)).toBe(false);
    expect(await provider.unwrap(wrapped, aad)).toEqual(dataKey);
    await expect(
      provider.unwrap(wrapped, keyWrapAad({ kind: 'tenant', tenantId: 't2' })),
    ).rejects.toBeInstanceOf(DecryptionError);
  });

  it('refuses to wrap something that is not a 32-byte key', async () => {
    const provider = LocalMasterKeyProvider.fromConfig({ keys: `k1:${b64(32)}` });
    await expect(provider.wrap(randomBytes(16), aad)).rejects.toThrow(RangeError);
  });

  it('still unwraps with the old key after rotating to a new current key', async () => {
    const oldKey = b64(32);
    const before = LocalMasterKeyProvider.fromConfig({ keys: `old:${oldKey}` });
    const dataKey = randomBytes(32);
    const wrappedBefore = await before.wrap(dataKey, aad);

    const after = LocalMasterKeyProvider.fromConfig({ keys: `new:${b64(32)},old:${oldKey}` });
    expect(after.currentKeyId).toBe('new');
    expect(await after.unwrap(wrappedBefore, aad)).toEqual(dataKey);
    // Re-wrapping (what a rotation job does) moves it to the new key.
    const rewrapped = await after.wrap(await after.unwrap(wrappedBefore, aad), aad);
    expect(rewrapped.keyId).toBe('new');
    expect(await after.unwrap(rewrapped, aad)).toEqual(dataKey);
  });

  it('says clearly when the wrapping key is not configured', async () => {
    const a = LocalMasterKeyProvider.fromConfig({ keys: `a:${b64(32)}` });
    const b = LocalMasterKeyProvider.fromConfig({ keys: `b:${b64(32)}` });
    const wrapped = await a.wrap(randomBytes(32), aad);
    await expect(b.unwrap(wrapped, aad)).rejects.toThrow(/master key "a" is not configured/);
    // Same id, different key material: a plain decryption failure.
    const a2 = LocalMasterKeyProvider.fromConfig({ keys: `a:${b64(32)}` });
    await expect(a2.unwrap(wrapped, aad)).rejects.toBeInstanceOf(DecryptionError);
  });
});
