/**
 * Writes first versions of resources for a platform job (the demo seed; later the importer's
 * storage step), on the SYSTEM path: no actor, so no access decision is made here. Callers are
 * jobs, never request handlers, which get a repository bound to their actor instead.
 */
import type { Resource } from '@medplum/fhirtypes';
import { patientScope, tenantScope, type Keyring } from '../crypto/index.js';
import type { Tx } from '../db/transactions.js';
import { patientCompartmentOf } from './compartment.js';
import { sealResource } from './record-sealing.js';

/** Fetches every key the resources need; do this before opening the transaction. */
export async function keysForResources(
  keyring: Keyring,
  tenantId: string,
  resources: readonly Resource[],
): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  for (const resource of resources) {
    const patientId = patientCompartmentOf(resource);
    const name = patientId ?? 'tenant';
    if (keys.has(name)) continue;
    keys.set(
      name,
      await keyring.dataKey(patientId ? patientScope(tenantId, patientId) : tenantScope(tenantId)),
    );
  }
  return keys;
}

/** Inserts version 1 of each resource, sealed with its compartment's key. */
export async function systemInsertResources(
  tx: Tx,
  tenantId: string,
  keys: ReadonlyMap<string, Buffer>,
  resources: readonly Resource[],
  now: Date,
): Promise<void> {
  const rows = resources.map((resource) => {
    if (!resource.id) throw new Error(`A ${resource.resourceType} without an id cannot be stored`);
    const patientId = patientCompartmentOf(resource) ?? null;
    const key = keys.get(patientId ?? 'tenant');
    if (!key) throw new Error('The key for a resource was not fetched before the transaction');
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
      sealed: sealResource(key, address, stored),
    };
  });
  // Chunked so one statement stays well under PostgreSQL's 65,535 bind parameters.
  for (let start = 0; start < rows.length; start += 500) {
    await tx
      .insertInto('fhir_resource')
      .values(rows.slice(start, start + 500))
      .execute();
  }
}
