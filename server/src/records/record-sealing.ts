/**
 * A FHIR resource version to and from its stored ciphertext. The tenant, resource type, id and
 * version are bound as associated data, so a ciphertext copied onto another row (another
 * patient, another version) fails to decrypt instead of showing the wrong record.
 */
import type { Resource } from '@medplum/fhirtypes';
import { decrypt, encrypt, recordAad } from '../crypto/index.js';

export interface RecordAddress {
  tenantId: string;
  resourceType: string;
  id: string;
  version: number;
}

export function sealResource(key: Buffer, address: RecordAddress, resource: Resource): Buffer {
  return encrypt(key, Buffer.from(JSON.stringify(resource), 'utf8'), recordAad(address));
}

export function unsealResource(key: Buffer, address: RecordAddress, sealed: Buffer): Resource {
  return JSON.parse(decrypt(key, sealed, recordAad(address)).toString('utf8')) as Resource;
}
