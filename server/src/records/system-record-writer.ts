/**
 * Writes first versions of resources for a platform job (the demo seed; later the importer's
 * storage step), on the SYSTEM path: no actor, so no access decision is made here. Callers are
 * jobs, never request handlers, which get a repository bound to their actor instead.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Keyring } from '../crypto/index.js';
import type { Tx } from '../db/transactions.js';
import { indexFirstVersions } from '../fhir/search/search-index.js';
import { patientCompartmentOf } from './compartment.js';
import { RecordKeys } from './record-keys.js';

/** Fetches (creating) every key the resources need; do this before opening the transaction. */
export async function keysForResources(
  keyring: Keyring,
  tenantId: string,
  resources: readonly Resource[],
): Promise<RecordKeys> {
  const compartments = resources.map((resource) => patientCompartmentOf(resource) ?? null);
  return RecordKeys.load(keyring, tenantId, compartments, { create: true });
}

/** Inserts version 1 of each resource, sealed with its compartment's current key. */
export async function systemInsertResources(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  resources: readonly Resource[],
  now: Date,
): Promise<void> {
  const rows = resources.map((resource) => {
    if (!resource.id) throw new Error(`A ${resource.resourceType} without an id cannot be stored`);
    const patientId = patientCompartmentOf(resource) ?? null;
    const address = { tenantId, resourceType: resource.resourceType, id: resource.id, version: 1 };
    const stored = {
      ...resource,
      meta: { ...resource.meta, versionId: '1', lastUpdated: now.toISOString() },
    } as Resource;
    return {
      tenant_id: tenantId,
      resource_type: resource.resourceType,
      id: resource.id,
      version_id: 1,
      patient_id: patientId,
      last_updated: now,
      sealed: keys.seal(patientId, address, stored),
    };
  });
  // Chunked so one statement stays well under PostgreSQL's 65,535 bind parameters.
  for (let start = 0; start < rows.length; start += 500) {
    await tx
      .insertInto('fhir_resource')
      .values(rows.slice(start, start + 500))
      .execute();
  }
  await indexFirstVersions(
    tx,
    tenantId,
    keys.searchKey,
    resources.map((resource, i) => ({
      resourceType: resource.resourceType,
      id: resource.id as string,
      versionId: 1,
      patientId: rows[i]?.patient_id ?? null,
      lastUpdated: now,
      deleted: false,
      resource,
    })),
  );
}
