// Associated data binds a ciphertext to where it belongs. The encoding must be injective: if two
// different rows could produce the same bytes, a ciphertext could be copied between them and
// still decrypt. Every field is therefore length-prefixed, and a domain tag keeps record AAD and
// key-wrap AAD from ever being confused with each other.
import { assertScope, type KeyScope } from './key-scope.js';

/** Domain tag for record associated data. Bump the suffix if the field list ever changes. */
export const RECORD_AAD_DOMAIN = 'haven.record.v1';
/** Domain tag for key-wrapping associated data. */
export const KEY_WRAP_AAD_DOMAIN = 'haven.keywrap.v1';

/** Where an encrypted record value lives. */
export interface RecordAadInput {
  readonly tenantId: string;
  /** E.g. `Patient`, `Observation`. */
  readonly resourceType: string;
  readonly id: string;
  /**
   * The row version the ciphertext was written for. A number and its decimal string are the same
   * version on purpose (FHIR carries `versionId` as a string, the database as an integer).
   */
  readonly version: number | string;
  /**
   * The generation of the patient key that sealed the value, when the sealed bytes name one
   * (records/record-sealing.ts). Bound so a header rewritten to name another generation fails.
   * Absent for values sealed before key generations existed, whose associated data is unchanged.
   */
  readonly keyGeneration?: number;
}

// Lone surrogates all encode to U+FFFD in UTF-8, so two different JS strings could otherwise
// give the same bytes; refusing them keeps the encoding injective.
const LONE_SURROGATE = /\p{Cs}/u;

function fieldBytes(name: string, value: unknown): Buffer {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`associated data field ${name} must be a non-empty string`);
  }
  if (LONE_SURROGATE.test(value)) {
    throw new TypeError(`associated data field ${name} is not well-formed Unicode`);
  }
  return Buffer.from(value, 'utf8');
}

/** A key generation as a field: a positive integer that fits the 4-byte header. */
function generationBytes(generation: number): Buffer {
  if (!Number.isInteger(generation) || generation < 1 || generation > 0xffff_ffff) {
    throw new TypeError('associated data field keyGeneration must be an integer from 1 to 2^32-1');
  }
  return Buffer.from(String(generation), 'utf8');
}

function versionString(version: number | string): string {
  if (typeof version === 'number') {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new TypeError('associated data field version must be a non-negative integer');
    }
    return String(version);
  }
  return version;
}

/** Length-prefixes each part (4-byte big-endian byte length, then the bytes) and joins them. */
function encode(parts: readonly Buffer[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    chunks.push(length, part);
  }
  return Buffer.concat(chunks);
}

/**
 * Canonical associated data for an encrypted record value. A ciphertext made for one
 * (tenant, resource type, id, version) does not decrypt under any other.
 */
export function recordAad(input: RecordAadInput): Buffer {
  const parts = [
    Buffer.from(RECORD_AAD_DOMAIN, 'utf8'),
    fieldBytes('tenantId', input.tenantId),
    fieldBytes('resourceType', input.resourceType),
    fieldBytes('id', input.id),
    fieldBytes('version', versionString(input.version)),
  ];
  // A sixth part, not a changed fifth: every part is length-prefixed, so five parts and six can
  // never encode to the same bytes, and values sealed before generations keep their AAD.
  if (input.keyGeneration !== undefined) parts.push(generationBytes(input.keyGeneration));
  return encode(parts);
}

/**
 * Canonical associated data for wrapping the data key of `scope`, so a wrapped key copied to
 * another scope (another patient, another tenant) does not unwrap there.
 */
export function keyWrapAad(scope: KeyScope, generation = 1): Buffer {
  assertScope(scope);
  const parts = [Buffer.from(KEY_WRAP_AAD_DOMAIN, 'utf8'), fieldBytes('kind', scope.kind)];
  if (scope.kind === 'tenant' || scope.kind === 'patient') {
    parts.push(fieldBytes('tenantId', scope.tenantId));
  }
  if (scope.kind === 'patient') parts.push(fieldBytes('patientId', scope.patientId));
  // Generation 1 keeps the AAD every key had before rotation existed; later generations of a
  // patient key bind their number, so one generation's wrap copied onto another's row fails.
  if (generation !== 1) {
    if (scope.kind !== 'patient') throw new TypeError('only patient keys have generations');
    parts.push(generationBytes(generation));
  }
  return encode(parts);
}
