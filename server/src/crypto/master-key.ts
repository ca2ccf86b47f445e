// The root of the envelope hierarchy. Everything else is wrapped, directly or indirectly, by a
// master key, so the master key lives outside the database: in a key file, the environment, or a
// cloud KMS implementing MasterKeyProvider. Only tenant and platform keys ever reach it.
import { randomBytes } from 'node:crypto';
import { assertKey, decrypt, encrypt, KEY_LENGTH } from './aead.js';

/** A data key sealed by some wrapping key. */
export interface WrappedKey {
  /**
   * Names the key that wrapped this one: a master key id, or a fixed marker for keys wrapped by a
   * parent data key. Lets rotation tell keys wrapped by an old master key from the current one.
   */
  readonly keyId: string;
  /** The sealed key bytes (for local providers, the {@link encrypt} format). */
  readonly wrapped: Buffer;
}

/** Wraps and unwraps data keys with a master key. A cloud KMS can implement this. */
export interface MasterKeyProvider {
  /** The id of the key new wraps use. */
  readonly currentKeyId: string;
  /** Seals `dataKey` with the current master key, binding `aad`. */
  wrap(dataKey: Buffer, aad: Buffer): Promise<WrappedKey>;
  /** Opens a key sealed by any master key this provider still holds; `aad` must match. */
  unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer>;
}

// Key ids appear in the config string (`id:key,id:key`) and in stored rows, so they must not
// contain the separators; a conservative alphabet also keeps them safe to log.
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
// Strict base64 (standard alphabet, optional padding). Buffer.from(..., 'base64') silently skips
// characters it does not understand, which would let a mangled key through.
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function assertKeyId(keyId: string): void {
  if (!KEY_ID_PATTERN.test(keyId)) {
    // The id is not secret, but it may be a mis-pasted key: describe it instead of echoing it.
    throw new Error(
      'master key id must be 1-64 characters of letters, digits, ".", "_" or "-" ' +
        `(got ${keyId.length} characters)`,
    );
  }
}

/**
 * A master key provider holding its keys in process memory, loaded from a key file or the
 * environment. Old keys are kept so data keys wrapped before a rotation still unwrap.
 */
export class LocalMasterKeyProvider implements MasterKeyProvider {
  readonly currentKeyId: string;
  readonly #keys: ReadonlyMap<string, Buffer>;

  /**
   * @param keys keyId → 32-byte key. Copied, so later changes to the caller's buffers do not leak in.
   * @param currentKeyId the key new wraps use; must be in `keys`.
   */
  constructor(keys: ReadonlyMap<string, Buffer>, currentKeyId: string) {
    if (keys.size === 0) throw new Error('no master keys configured');
    const copy = new Map<string, Buffer>();
    for (const [keyId, key] of keys) {
      assertKeyId(keyId);
      if (!Buffer.isBuffer(key) || key.length !== KEY_LENGTH) {
        throw new Error(`master key "${keyId}" must be exactly ${KEY_LENGTH} bytes`);
      }
      copy.set(keyId, Buffer.from(key));
    }
    if (!copy.has(currentKeyId)) {
      throw new Error(`current master key "${currentKeyId}" is not among the configured keys`);
    }
    this.#keys = copy;
    this.currentKeyId = currentKeyId;
  }

  /**
   * Parses `keyId:base64key[,keyId:base64key...]`. The first key is current; the rest are older
   * keys kept only to unwrap. Whitespace around entries is ignored (key files end in newlines).
   *
   * @throws Error naming the problem (never echoing key material) on an empty list, a malformed
   *   entry, a duplicate id, or a key that is not 32 bytes after base64 decoding.
   */
  static fromConfig(config: { keys: string }): LocalMasterKeyProvider {
    const text = config.keys.trim();
    if (text === '') throw new Error('no master keys configured');
    const keys = new Map<string, Buffer>();
    let currentKeyId: string | undefined;
    text.split(',').forEach((rawEntry, index) => {
      const entry = rawEntry.trim();
      const colon = entry.indexOf(':');
      if (colon < 0) {
        throw new Error(`master key entry ${index + 1} is not in the form keyId:base64key`);
      }
      const keyId = entry.slice(0, colon).trim();
      const encoded = entry.slice(colon + 1).trim();
      assertKeyId(keyId);
      if (keys.has(keyId)) throw new Error(`duplicate master key id "${keyId}"`);
      if (!BASE64_PATTERN.test(encoded)) {
        throw new Error(`master key "${keyId}" is not valid base64`);
      }
      const key = Buffer.from(encoded, 'base64');
      if (key.length !== KEY_LENGTH) {
        throw new Error(
          `master key "${keyId}" must be exactly ${KEY_LENGTH} bytes after base64 decoding ` +
            `(got ${key.length})`,
        );
      }
      keys.set(keyId, key);
      currentKeyId ??= keyId;
    });
    // The loop ran at least once, so currentKeyId is set; the fallback only satisfies the types.
    return new LocalMasterKeyProvider(keys, currentKeyId ?? '');
  }

  /** The ids of every key held, in configuration order (so the current key comes first). */
  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  wrap(dataKey: Buffer, aad: Buffer): Promise<WrappedKey> {
    return settle(() => {
      assertKey(dataKey, 'data key');
      const masterKey = this.#keys.get(this.currentKeyId) as Buffer;
      return { keyId: this.currentKeyId, wrapped: encrypt(masterKey, dataKey, aad) };
    });
  }

  unwrap(wrapped: WrappedKey, aad: Buffer): Promise<Buffer> {
    return settle(() => {
      const masterKey = this.#keys.get(wrapped.keyId);
      if (masterKey === undefined) {
        // Probably a key wrapped by a master key since retired, or another deployment's data:
        // say so plainly rather than as a generic decryption failure. The id comes from storage,
        // so it is only echoed if it looks like an id.
        const named = KEY_ID_PATTERN.test(wrapped.keyId) ? `"${wrapped.keyId}"` : '(malformed id)';
        throw new Error(`master key ${named} is not configured`);
      }
      return decrypt(masterKey, wrapped.wrapped, aad);
    });
  }
}

/** Runs `fn` and turns a throw into a rejection, so callers see one failure channel. */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

/**
 * A fresh random master key as a `keyId:base64key` config entry, for `haven` to write into a new
 * data folder's key file.
 */
export function generateMasterKeyString(keyId: string): string {
  assertKeyId(keyId);
  return `${keyId}:${randomBytes(KEY_LENGTH).toString('base64')}`;
}
