import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decrypt, DecryptionError, encrypt, IV_LENGTH, TAG_LENGTH } from './aead.js';
import { recordAad } from './associated-data.js';

const key = randomBytes(32);
const aad = Buffer.from('context');
const plaintext = Buffer.from('blood type: O negative');

describe('aead', () => {
  it('round-trips and uses the documented layout', () => {
    const sealed = encrypt(key, plaintext, aad);
    expect(sealed.length).toBe(1 + IV_LENGTH + plaintext.length + TAG_LENGTH);
    expect(sealed[0]).toBe(1);
    expect(decrypt(key, sealed, aad)).toEqual(plaintext);
  });

  it('round-trips an empty plaintext', () => {
    expect(decrypt(key, encrypt(key, Buffer.alloc(0), aad), aad)).toEqual(Buffer.alloc(0));
  });

  it('rejects keys that are not 32 bytes', () => {
    for (const bad of [Buffer.alloc(0), Buffer.alloc(16), Buffer.alloc(31), Buffer.alloc(33)]) {
      expect(() => encrypt(bad, plaintext, aad)).toThrow(RangeError);
      expect(() => decrypt(bad, encrypt(key, plaintext, aad), aad)).toThrow(RangeError);
    }
  });

  it('throws DecryptionError under the wrong key', () => {
    expect(() => decrypt(randomBytes(32), encrypt(key, plaintext, aad), aad)).toThrow(
      DecryptionError,
    );
  });

  it('throws DecryptionError under the wrong AAD', () => {
    const sealed = encrypt(key, plaintext, aad);
    expect(() => decrypt(key, sealed, Buffer.from('contexT'))).toThrow(DecryptionError);
    expect(() => decrypt(key, sealed, Buffer.alloc(0))).toThrow(DecryptionError);
  });

  it('throws DecryptionError when any single bit is flipped', () => {
    const sealed = encrypt(key, plaintext, aad);
    for (let byte = 0; byte < sealed.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const tampered = Buffer.from(sealed);
        tampered[byte] = (tampered[byte] ?? 0) ^ (1 << bit);
        expect(() => decrypt(key, tampered, aad)).toThrow(DecryptionError);
      }
    }
  });

  it('throws DecryptionError on every truncation and on appended bytes', () => {
    const sealed = encrypt(key, plaintext, aad);
    for (let length = 0; length < sealed.length; length++) {
      expect(() => decrypt(key, sealed.subarray(0, length), aad)).toThrow(DecryptionError);
    }
    expect(() => decrypt(key, Buffer.concat([sealed, Buffer.of(0)]), aad)).toThrow(DecryptionError);
  });

  it('throws DecryptionError on an unknown format version', () => {
    const sealed = encrypt(key, plaintext, aad);
    sealed[0] = 2;
    expect(() => decrypt(key, sealed, aad)).toThrow(DecryptionError);
  });

  it('never puts key or data in the error message', () => {
    const secret = Buffer.from('SECRET-PLAINTEXT');
    const sealed = encrypt(key, secret, aad);
    let error: unknown;
    try {
      decrypt(randomBytes(32), sealed, aad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DecryptionError);
    const text = `${String(error)} ${(error as Error).stack ?? ''}`;
    for (const bytes of [key, sealed, secret]) {
      for (const encoding of ['hex', 'base64', 'utf8'] as const) {
        expect(text).not.toContain(bytes.toString(encoding));
      }
    }
  });

  it('a ciphertext moved to another row does not decrypt', () => {
    const row = { tenantId: 't1', resourceType: 'Patient', id: 'id1', version: 1 };
    const sealed = encrypt(key, plaintext, recordAad(row));
    expect(decrypt(key, sealed, recordAad(row))).toEqual(plaintext);
    const elsewhere = [
      { ...row, tenantId: 't2' },
      { ...row, id: 'id2' },
      { ...row, version: 2 },
      { ...row, resourceType: 'Observation' },
    ];
    for (const other of elsewhere) {
      expect(() => decrypt(key, sealed, recordAad(other))).toThrow(DecryptionError);
    }
  });

  it('property: decrypt(encrypt(x)) = x for any plaintext and AAD', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 256 }), (p, a) => {
        const data = Buffer.from(p);
        const context = Buffer.from(a);
        expect(decrypt(key, encrypt(key, data, context), context)).toEqual(data);
      }),
    );
  });

  it('property: two encryptions of the same plaintext differ', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (p) => {
        const data = Buffer.from(p);
        expect(encrypt(key, data, aad).equals(encrypt(key, data, aad))).toBe(false);
      }),
    );
  });
});
