/**
 * A FHIR resource version to and from its stored ciphertext. The tenant, resource type, id and
 * version are bound as associated data, so a ciphertext copied onto another row (another
 * patient, another version) fails to decrypt instead of showing the wrong record.
 *
 * Values sealed with a patient key start with a small header naming the key generation:
 * `[0x47 'G'][u32 big-endian generation][AEAD value]`. During a key rotation a patient's rows
 * are under two generations at once, and the header tells a reader which key opens each row
 * without trying both. The generation is bound into the associated data too, so a header
 * rewritten to name another generation fails to open. Values with no header (sealed before
 * generations existed, and tenant-key values, whose keys have no generations) start with the
 * AEAD format byte and are generation 1.
 */
import type { Resource } from '@medplum/fhirtypes';
import {
  AEAD_FORMAT_VERSION,
  DecryptionError,
  decrypt,
  encrypt,
  recordAad,
} from '../crypto/index.js';

export interface RecordAddress {
  tenantId: string;
  resourceType: string;
  id: string;
  version: number;
}

/** First byte of a generation header; never the AEAD format byte, so the two cannot be mixed up. */
export const GENERATION_MARKER = 0x47;
/** Marker plus a 4-byte generation. */
export const GENERATION_HEADER_LENGTH = 5;

/** The header of a value sealed under `generation`: what the rotation job compares in SQL. */
export function generationHeader(generation: number): Buffer {
  const header = Buffer.alloc(GENERATION_HEADER_LENGTH);
  header[0] = GENERATION_MARKER;
  header.writeUInt32BE(generation, 1);
  return header;
}

/** The key generation `sealed` names: 1 for a value without header. Throws on garbage. */
export function sealedKeyGeneration(stored: Buffer): number {
  const sealed = asBuffer(stored);
  if (sealed[0] === AEAD_FORMAT_VERSION) return 1;
  if (sealed[0] !== GENERATION_MARKER || sealed.length <= GENERATION_HEADER_LENGTH) {
    throw new DecryptionError();
  }
  return sealed.readUInt32BE(1);
}

/**
 * Seals a resource. With `generation` (patient keys) the value carries the generation header;
 * without it (tenant keys) the value is the bare AEAD format, as before generations existed.
 */
export function sealResource(
  key: Buffer,
  address: RecordAddress,
  resource: Resource,
  generation?: number,
): Buffer {
  return sealPlaintext(key, address, Buffer.from(JSON.stringify(resource), 'utf8'), generation);
}

/**
 * Opens a value sealed by {@link sealResource}; `key` must be the key of the generation the value
 * names ({@link sealedKeyGeneration}). Throws DecryptionError if it was not sealed for `address`.
 */
export function unsealResource(key: Buffer, address: RecordAddress, sealed: Buffer): Resource {
  return JSON.parse(unsealPlaintext(key, address, sealed).toString('utf8')) as Resource;
}

/** {@link sealResource} for bytes already serialised (re-encryption keeps them byte for byte). */
export function sealPlaintext(
  key: Buffer,
  address: RecordAddress,
  plaintext: Buffer,
  generation?: number,
): Buffer {
  if (generation === undefined) return encrypt(key, plaintext, recordAad(address));
  const aad = recordAad({ ...address, keyGeneration: generation });
  return Buffer.concat([generationHeader(generation), encrypt(key, plaintext, aad)]);
}

/** {@link unsealResource} without parsing: the stored bytes. */
export function unsealPlaintext(key: Buffer, address: RecordAddress, stored: Buffer): Buffer {
  const sealed = asBuffer(stored);
  if (sealed[0] === AEAD_FORMAT_VERSION) return decrypt(key, sealed, recordAad(address));
  const aad = recordAad({ ...address, keyGeneration: sealedKeyGeneration(sealed) });
  return decrypt(key, sealed.subarray(GENERATION_HEADER_LENGTH), aad);
}

// PGlite hands bytea back as a plain Uint8Array, and callers have not always wrapped it; a view
// (no copy) gives the Buffer methods the header needs.
function asBuffer(bytes: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
