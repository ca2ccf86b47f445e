// Blind indexes make exact-match search possible on encrypted columns: the database stores a
// keyed HMAC of the normalised value next to the ciphertext, and a search computes the same HMAC
// for the query. Without the per-tenant key the index reveals nothing but equality between rows
// of one tenant, and nothing at all across tenants.
import { createHmac, hkdfSync } from 'node:crypto';
import { assertKey, KEY_LENGTH } from './aead.js';
import type { KeyDerivation } from './keyring.js';

/** The kinds of value Haven builds blind indexes for; each has its own normaliser. */
export type BlindIndexField = 'name' | 'email' | 'phone' | 'date' | 'identifier' | 'code';

/** HKDF info for the blind-index key; fixed, so every node derives the same key. */
export const BLIND_INDEX_KEY_INFO = 'haven.blind-index.v1';

/**
 * Bytes of HMAC output kept. 16 bytes (128 bits) keeps accidental collisions negligible: by the
 * birthday bound about 2^64 distinct values per tenant and field before one is even likely, and a
 * collision only costs a false match that decryption filters out. Keeping fewer bytes would make
 * deliberate bucketing (many values per index) that hides equality somewhat, but Haven wants exact
 * match; keeping all 32 would add storage and index size for no useful gain. Truncating HMAC
 * does not weaken the key: what an index leaks is equality of values, whatever its length.
 */
export const BLIND_INDEX_BYTES = 16;

/**
 * The per-tenant HMAC key for blind indexes, derived from the tenant's data key with HKDF-SHA256.
 * Deriving it means it needs no storage of its own and dies with the tenant key; using a
 * different key from the encryption key keeps the two uses from interacting.
 */
export function deriveBlindIndexKey(tenantDataKey: Buffer): Buffer {
  assertKey(tenantDataKey, 'tenant data key');
  return Buffer.from(
    hkdfSync('sha256', tenantDataKey, Buffer.alloc(0), BLIND_INDEX_KEY_INFO, KEY_LENGTH),
  );
}

/** The blind-index key as a keyring derivation, so it is derived once per tenant key. */
export const BLIND_INDEX_KEY: KeyDerivation = {
  label: BLIND_INDEX_KEY_INFO,
  derive: deriveBlindIndexKey,
};

/** Splits `system|value` on the first `|`, trimming both halves. The value must be non-empty. */
function systemAndValue(kind: string, input: string): [string, string] {
  const bar = input.indexOf('|');
  if (bar < 0) throw new TypeError(`${kind} must be given as system|value`);
  const value = input.slice(bar + 1).trim();
  if (value === '') throw new TypeError(`${kind} value is empty after normalisation`);
  // An empty system is allowed: FHIR permits identifiers and codes without one.
  return [input.slice(0, bar).trim(), value];
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Turns each kind of value into the canonical form that is indexed, so spellings a person would
 * call "the same" find each other. Each throws a TypeError if nothing indexable remains.
 */
export const blindIndexNormalisers: Readonly<Record<BlindIndexField, (value: string) => string>> =
  Object.freeze({
    /**
     * NFKD then drop combining marks (é → e), lower-case, punctuation and symbols (apostrophes,
     * hyphens) to spaces, collapse whitespace. `José  O'Neil` and `jose o neil` match. Letters
     * with no decomposition (ø, ł, ß) are kept as they are.
     */
    name: (value) =>
      value
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[\p{P}\p{S}]/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim(),
    /** Trimmed and lower-cased. Provider-specific rules (dots, plus tags) are not guessed at. */
    email: (value) => value.normalize('NFC').trim().toLowerCase(),
    /**
     * ASCII digits only. A leading country code is kept as typed: `+44 20 7946 0000` and
     * `020 7946 0000` are different index values, as the caller has not said which country.
     */
    phone: (value) => value.replace(/[^0-9]/g, ''),
    /** `YYYY-MM-DD` naming a real calendar date, exactly; anything else throws. */
    date: (value) => {
      const match = DATE_PATTERN.exec(value);
      const [year, month, day] = (match?.slice(1) ?? []).map(Number);
      if (year === undefined || month === undefined || day === undefined) {
        throw new TypeError('date must be in the form YYYY-MM-DD');
      }
      // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
      const date = new Date(0);
      date.setUTCFullYear(year, month - 1, day);
      // Out-of-range months and days roll over into a neighbour, so a mismatch means invalid.
      if (
        date.getUTCFullYear() !== year ||
        date.getUTCMonth() !== month - 1 ||
        date.getUTCDate() !== day
      ) {
        throw new TypeError('date is not a real calendar date');
      }
      return value;
    },
    /** `system|value`, both trimmed; the value's case is kept (identifiers are case-sensitive). */
    identifier: (value) => systemAndValue('identifier', value).join('|'),
    /** `system|code`, both trimmed, case kept (codes such as UCUM units are case-sensitive). */
    code: (value) => systemAndValue('code', value).join('|'),
  });

/** Normalises `value` as `field`, throwing a TypeError if it is invalid or nothing remains. */
export function normaliseForBlindIndex(field: BlindIndexField, value: string): string {
  const normalise = blindIndexNormalisers[field];
  if (normalise === undefined) throw new TypeError(`unknown blind index field: ${String(field)}`);
  const normalised = normalise(value);
  if (normalised === '') throw new TypeError(`${field} is empty after normalisation`);
  return normalised;
}

/**
 * The blind index of `value` as `field` under a tenant's blind-index key (see
 * {@link deriveBlindIndexKey}): HMAC-SHA256 over `field + '\0' + normalised value`, truncated to
 * {@link BLIND_INDEX_BYTES} bytes, base64url. Including the field keeps equal strings in
 * different fields (a name that is also an email local part) from sharing an index value.
 */
export function blindIndex(key: Buffer, field: BlindIndexField, value: string): string {
  assertKey(key, 'blind index key');
  const normalised = normaliseForBlindIndex(field, value);
  return createHmac('sha256', key)
    .update(`${field}\0${normalised}`, 'utf8')
    .digest()
    .subarray(0, BLIND_INDEX_BYTES)
    .toString('base64url');
}

/** Joins a system and value into the `system|value` form the identifier and code fields take. */
export function systemValue(system: string, value: string): string {
  return `${system}|${value}`;
}
