/**
 * The versioned resource store, below the access gate: rows of `fhir_resource` in and out,
 * sealed and unsealed with keys fetched beforehand. Nothing here decides who may do what; the
 * actor-bound repository (record-repository.ts) decides first, and named system jobs (the
 * seed, the importer, consent bookkeeping) call these functions on purpose.
 *
 * Every change is a new version; a delete is a version marked deleted, so history and data
 * under retention stay.
 */
import type { Resource } from '@medplum/fhirtypes';
import { sql, type Insertable } from 'kysely';
import type { FhirResourceTable } from '../db/schema.js';
import type { FhirCurrentTable } from '../fhir/search/search-tables.js';
import { AppError } from '../errors/app-error.js';
import type { Tx } from '../db/transactions.js';
import { isUniqueViolation } from '../db/database-errors.js';
import {
  currentRowOf,
  indexVersion,
  searchRowsOf,
  TERMS_PER_STATEMENT,
} from '../fhir/search/search-index.js';
import { compartmentLocation, patientCompartmentOf } from './compartment.js';
import type { Compartment, RecordKeys } from './record-keys.js';

/** One stored version, opened. `resource` is what was stored (for a delete, the last content). */
export interface StoredVersion {
  resourceType: string;
  id: string;
  versionId: number;
  patientId: string | null;
  lastUpdated: Date;
  deleted: boolean;
  resource: Resource;
}

/** Where a resource lives, read without its key: enough to fetch the key and decide access. */
export interface ResourceLocation {
  resourceType: string;
  id: string;
  patientId: string | null;
  versionId: number;
  deleted: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can name a stored resource or compartment (they are UUIDs). */
export function isStoredId(id: string): boolean {
  return UUID.test(id);
}

/**
 * For statements written with `sql`: each resource's current version row `r`, reached from its
 * `fhir_current` row `c` (the same join as `currentRows` below).
 */
export const CURRENT_VERSIONS = sql`fhir_current c
  join fhir_resource r on r.tenant_id = c.tenant_id and r.resource_type = c.resource_type
    and r.id = c.id and r.version_id = c.version_id`;

/** The current version's location, or undefined when no such resource exists in the tenant. */
export async function locateResource(
  tx: Tx,
  tenantId: string,
  resourceType: string,
  id: string,
): Promise<ResourceLocation | undefined> {
  // Ids are UUIDs: anything else cannot exist, and must not reach a uuid column as an error.
  if (!UUID.test(id)) return undefined;
  const row = await tx
    .selectFrom('fhir_current')
    .select(['patient_id', 'version_id', 'deleted'])
    .where('tenant_id', '=', tenantId)
    .where('resource_type', '=', resourceType)
    .where('id', '=', id.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    resourceType,
    id: id.toLowerCase(),
    patientId: row.patient_id,
    versionId: row.version_id,
    deleted: row.deleted,
  };
}

/**
 * The current version of one resource, opened (deleted ones included); undefined if absent or
 * if its key is gone. A key not at hand is read in `tx` (RecordKeys.ensureIn).
 */
export async function readCurrentVersion(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  resourceType: string,
  id: string,
): Promise<StoredVersion | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await currentRows(tx)
    .where('c.tenant_id', '=', tenantId)
    .where('c.resource_type', '=', resourceType)
    .where('c.id', '=', id.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  // A record whose key is gone (erased) cannot be opened: it reads as absent.
  await keys.ensureIn(tx, [row.patient_id]);
  return keys.has(row.patient_id) ? openRow(tenantId, keys, row) : undefined;
}

/**
 * The current, not deleted versions of a patient's resources, optionally of some types only,
 * newest change first. Keys for `patientId` must be in `keys`.
 */
export async function readCompartment(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  patientId: string,
  resourceTypes?: readonly string[],
  leaveOut: readonly string[] = [],
): Promise<StoredVersion[]> {
  if (!UUID.test(patientId)) return [];
  let query = currentRows(tx)
    .where('c.tenant_id', '=', tenantId)
    .where('c.patient_id', '=', patientId.toLowerCase())
    .where('c.deleted', '=', false);
  if (resourceTypes !== undefined) {
    if (resourceTypes.length === 0) return [];
    query = query.where('c.resource_type', 'in', [...resourceTypes]);
  }
  if (leaveOut.length > 0) query = query.where('c.resource_type', 'not in', [...leaveOut]);
  const rows = await query.orderBy('c.last_updated', 'desc').orderBy('c.id').execute();
  return rows.map((row) => openRow(tenantId, keys, row));
}

/** Every version of one resource, newest first. */
export async function readHistory(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  resourceType: string,
  id: string,
): Promise<StoredVersion[]> {
  if (!UUID.test(id)) return [];
  const rows = await tx
    .selectFrom('fhir_resource')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('resource_type', '=', resourceType)
    .where('id', '=', id.toLowerCase())
    .orderBy('version_id', 'desc')
    .execute();
  return rows.map((row) => openRow(tenantId, keys, row));
}

/**
 * Version rows opened, in their order; the keys not at hand are read in `tx`, and a row whose
 * key is gone (erased) is left out.
 */
export async function openRows(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  rows: readonly StoredRow[],
): Promise<StoredVersion[]> {
  await keys.ensureIn(
    tx,
    rows.map((r) => r.patient_id),
  );
  return rows.flatMap((row) => (keys.has(row.patient_id) ? [openRow(tenantId, keys, row)] : []));
}

/** Each resource's current version row (`c` is its fhir_current row, `r` the version). */
function currentRows(tx: Tx) {
  return tx
    .selectFrom('fhir_current as c')
    .innerJoin('fhir_resource as r', (join) =>
      join
        .onRef('r.tenant_id', '=', 'c.tenant_id')
        .onRef('r.resource_type', '=', 'c.resource_type')
        .onRef('r.id', '=', 'c.id')
        .onRef('r.version_id', '=', 'c.version_id'),
    )
    .selectAll('r');
}

/** What a write needs besides the resource. */
export interface WriteOptions {
  now: Date;
  /** Write a delete marker (the stored content stays the last content, for retention). */
  deleted?: boolean;
  /** The version the writer last saw (If-Match); a different current version is a 412. */
  expectedVersion?: number;
  /** Refuse with 409 if the resource already exists (a create with a client-chosen id). */
  mustNotExist?: boolean;
  /**
   * Where the resource stood when the caller located it earlier in this very transaction (null:
   * not stored), so it is not looked up twice; never a location read in another transaction. A writer that commits in between makes the version
   * numbers collide, which the history table's primary key refuses (409), as before.
   */
  located?: ResourceLocation | null;
}

/**
 * Stores the next version of `resource` (version 1 if new) and returns it as stored, with
 * `meta.versionId` and `meta.lastUpdated` set. The compartment is fixed at version 1: moving a
 * record to another patient is refused (it would change its key and its audience at once).
 * Two writers racing for one version number: the loser gets a 409 (primary key conflict).
 */
export async function writeVersion(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  resource: Resource,
  options: WriteOptions,
): Promise<StoredVersion> {
  const id = resource.id;
  if (!id || !UUID.test(id)) {
    throw new AppError('validation_failed', 'A resource id must be a UUID.', [
      { location: `${resource.resourceType}.id`, message: 'must be a UUID' },
    ]);
  }
  const current =
    options.located !== undefined
      ? (options.located ?? undefined)
      : await locateResource(tx, tenantId, resource.resourceType, id);
  if (current && options.mustNotExist) {
    throw new AppError('conflict', 'A resource with this id already exists.');
  }
  if (options.expectedVersion !== undefined && current?.versionId !== options.expectedVersion) {
    throw new AppError('precondition_failed');
  }
  const patientId = patientCompartmentOf(resource) ?? null;
  if (current && current.patientId !== patientId) {
    throw new AppError('unprocessable', 'A record cannot be moved to another patient.', [
      {
        location: compartmentLocation(resource.resourceType),
        message: 'differs from the stored patient',
      },
    ]);
  }
  const version = (current?.versionId ?? 0) + 1;
  const stored = {
    ...resource,
    id: id.toLowerCase(),
    meta: { ...resource.meta, versionId: String(version), lastUpdated: options.now.toISOString() },
  } as Resource;
  const address = { tenantId, resourceType: resource.resourceType, id: stored.id!, version };
  const written = {
    resourceType: resource.resourceType,
    id: stored.id!,
    versionId: version,
    patientId,
    lastUpdated: options.now,
    deleted: options.deleted ?? false,
    resource: stored,
  };
  const history = {
    tenant_id: tenantId,
    resource_type: resource.resourceType,
    id: stored.id!,
    version_id: version,
    patient_id: patientId,
    last_updated: options.now,
    deleted: written.deleted,
    sealed: keys.seal(patientId, address, stored),
  };
  try {
    // The current-state row and search terms change with the version, in the same transaction;
    // a brand-new resource's in the very statement that stores it.
    const terms = version === 1 ? searchRowsOf(tenantId, keys.searchKey, written) : undefined;
    if (terms && terms.tokens.length <= TERMS_PER_STATEMENT) {
      await insertFirstVersion(tx, history, currentRowOf(tenantId, written), terms);
      return written;
    }
    await tx.insertInto('fhir_resource').values(history).execute();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('conflict', 'The record changed while it was being saved; try again.');
    }
    throw error;
  }
  await indexVersion(tx, tenantId, keys.searchKey, written);
  return written;
}

/**
 * A first version, its current-state row and its search terms in ONE statement (data-modifying
 * common table expressions run together and atomically): a create costs one round trip where
 * it cost four. Nothing needs clearing: the id had no version before (the history table's
 * primary key refuses a second writer, failing the whole statement).
 */
async function insertFirstVersion(
  tx: Tx,
  history: Insertable<FhirResourceTable>,
  current: Insertable<FhirCurrentTable>,
  terms: ReturnType<typeof searchRowsOf>,
): Promise<void> {
  const parts = [
    sql`h as (${tx.insertInto('fhir_resource').values(history)})`,
    sql`c as (${tx.insertInto('fhir_current').values(current)})`,
  ];
  if (terms.tokens.length > 0) {
    const insert = tx.insertInto('fhir_search_token').values(terms.tokens);
    parts.push(sql`t as (${insert.onConflict((c) => c.doNothing())})`);
  }
  if (terms.dates.length > 0) {
    const insert = tx.insertInto('fhir_search_date').values(terms.dates);
    parts.push(sql`d as (${insert.onConflict((c) => c.doNothing())})`);
  }
  await sql`with ${sql.join(parts)} select 1`.execute(tx);
}

/** A stored version's row as read from `fhir_resource`. */
export interface StoredRow {
  resource_type: string;
  id: string;
  version_id: number;
  patient_id: string | null;
  last_updated: Date;
  deleted: boolean;
  sealed: Buffer | Uint8Array;
}

/** A version row opened with its compartment's key, which `keys` must hold. */
export function openRow(tenantId: string, keys: RecordKeys, row: StoredRow): StoredVersion {
  const compartment: Compartment = row.patient_id;
  const address = {
    tenantId,
    resourceType: row.resource_type,
    id: row.id,
    version: row.version_id,
  };
  return {
    resourceType: row.resource_type,
    id: row.id,
    versionId: row.version_id,
    patientId: row.patient_id,
    lastUpdated: new Date(row.last_updated),
    deleted: row.deleted,
    resource: keys.unseal(compartment, address, Buffer.from(row.sealed)),
  };
}
