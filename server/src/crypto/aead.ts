// Authenticated encryption for everything Haven seals in the application: record fields and
// wrapped keys alike. One format, one algorithm, so there is a single place to get it right.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The first byte of every sealed value; lets a future format be told apart from this one. */
export const AEAD_FORMAT_VERSION = 1;
/** AES-256 key length in bytes. */
export const KEY_LENGTH = 32;
/** GCM nonce length in bytes (the size GCM is specified and most efficient for). */
export const IV_LENGTH = 12;
/** GCM authentication tag length in bytes (the full tag: shorter tags weaken forgery bounds). */
export const TAG_LENGTH = 16;

const ALGORITHM = 'aes-256-gcm';
const HEADER_LENGTH = 1 + IV_LENGTH;
const MIN_SEALED_LENGTH = HEADER_LENGTH + TAG_LENGTH;

/**
 * Thrown when a sealed value cannot be opened: wrong key, wrong associated data, tampered or
 * truncated bytes, or an unknown format version. The message is deliberately generic and never
 * includes key material, plaintext or ciphertext, so it is safe to log; the cases are not told
 * apart because doing so helps an attacker more than an operator.
 */
export class DecryptionError extends Error {
  constructor(message = 'decryption failed') {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** Throws a RangeError unless `key` is an AES-256 key. A wrong length is a programming error. */
export function assertKey(key: Buffer, what = 'key'): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_LENGTH) {
    throw new RangeError(`${what} must be exactly ${KEY_LENGTH} bytes`);
  }
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `key`, authenticating `aad` as well.
 *
 * Output format: `[1 byte version = 1][12 byte IV][ciphertext][16 byte tag]`. The IV is fresh and
 * random on every call: with random 96-bit IVs a key stays safe for far more messages than one
 * key in Haven will ever seal (per-patient keys keep the count small), and no counter state has to
 * be shared between nodes.
 */
export function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(AEAD_FORMAT_VERSION), iv, body, cipher.getAuthTag()]);
}

/**
 * Opens a value sealed by {@link encrypt}. The same `aad` must be given as at encryption time.
 *
 * @throws {DecryptionError} on wrong key, wrong AAD, tampered or truncated input, unknown version.
 * @throws {RangeError} if `key` is not 32 bytes.
 */
export function decrypt(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  assertKey(key);
  if (sealed.length < MIN_SEALED_LENGTH || sealed[0] !== AEAD_FORMAT_VERSION) {
    throw new DecryptionError();
  }
  const iv = sealed.subarray(1, HEADER_LENGTH);
  const body = sealed.subarray(HEADER_LENGTH, sealed.length - TAG_LENGTH);
  const tag = sealed.subarray(sealed.length - TAG_LENGTH);
  try {
    // authTagLength pins the tag size so a shortened tag is refused rather than accepted.
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    // OpenSSL's own message adds nothing useful and is not promised to stay free of detail.
    throw new DecryptionError();
  }
}
