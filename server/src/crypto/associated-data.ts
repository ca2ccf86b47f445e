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
  return encode([
    Buffer.from(RECORD_AAD_DOMAIN, 'utf8'),
    fieldBytes('tenantId', input.tenantId),
    fieldBytes('resourceType', input.resourceType),
    fieldBytes('id', input.id),
    fieldBytes('version', versionString(input.version)),
  ]);
}

/**
 * Canonical associated data for wrapping the data key of `scope`, so a wrapped key copied to
 * another scope (another patient, another tenant) does not unwrap there.
 */
export function keyWrapAad(scope: KeyScope): Buffer {
  assertScope(scope);
  const parts = [Buffer.from(KEY_WRAP_AAD_DOMAIN, 'utf8'), fieldBytes('kind', scope.kind)];
  if (scope.kind === 'tenant' || scope.kind === 'patient') {
    parts.push(fieldBytes('tenantId', scope.tenantId));
  }
  if (scope.kind === 'patient') parts.push(fieldBytes('patientId', scope.patientId));
  return encode(parts);
}
