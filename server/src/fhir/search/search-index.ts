/**
 * Keeping the current-state row and the search index of a resource in step with its newest
 * version, in the transaction that writes the version. Terms are keyed with the tenant's
 * blind-index key before they reach the database.
 */
import { createHmac } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { BLIND_INDEX_BYTES } from '../../crypto/index.js';
import type { Tx } from '../../db/transactions.js';
import { extractSearchTerms } from './search-terms.js';

/** The stored form of a term: HMAC over type, parameter and term, so nothing is in clear. */
export function keyedTerm(searchKey: Buffer, resourceType: string, param: string, term: string) {
  return createHmac('sha256', searchKey)
    .update(`${resourceType}\0${param}\0${term}`, 'utf8')
    .digest()
    .subarray(0, BLIND_INDEX_BYTES)
    .toString('base64url');
}

/** One new version, as the index needs it. */
export interface IndexedVersion {
  resourceType: string;
  id: string;
  versionId: number;
  patientId: string | null;
  lastUpdated: Date;
  deleted: boolean;
  resource: Resource;
}

/**
 * Points the current-state row at `version` and rewrites its search terms. A version older than
 * the one already current changes nothing (two writers cannot both get here for one version:
 * the history table's primary key refuses the second).
 */
export async function indexVersion(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  version: IndexedVersion,
): Promise<void> {
  const row = currentRowOf(tenantId, version);
  const updated = await tx
    .insertInto('fhir_current')
    .values(row)
    .onConflict((c) =>
      c
        .columns(['tenant_id', 'resource_type', 'id'])
        .doUpdateSet({
          version_id: version.versionId,
          last_updated: version.lastUpdated,
          deleted: version.deleted,
        })
        .where('fhir_current.version_id', '<', version.versionId),
    )
    .executeTakeFirst();
  if (Number(updated.numInsertedOrUpdatedRows ?? 0) === 0) return;
  // A first version has no terms to clear: its id had no version before (the history table's
  // primary key), so two statements fewer on every create.
  if (version.versionId > 1) await clearTerms(tx, tenantId, version.resourceType, version.id);
  if (version.deleted) return;
  const { tokens: tokenRows, dates } = searchRowsOf(tenantId, searchKey, version);
  // A few hundred terms at most per resource; chunked to stay under bind-parameter limits.
  for (let i = 0; i < tokenRows.length; i += TERMS_PER_STATEMENT) {
    await tx
      .insertInto('fhir_search_token')
      .values(tokenRows.slice(i, i + TERMS_PER_STATEMENT))
      .onConflict((c) => c.doNothing())
      .execute();
  }
  if (dates.length > 0) {
    await tx
      .insertInto('fhir_search_date')
      .values(dates)
      .onConflict((c) => c.doNothing())
      .execute();
  }
}

/** Token terms one statement carries at most (five parameters each, under PostgreSQL's 65,535). */
export const TERMS_PER_STATEMENT = 1000;

/** The current-state row of a version. */
export function currentRowOf(tenantId: string, version: IndexedVersion) {
  return {
    tenant_id: tenantId,
    resource_type: version.resourceType,
    id: version.id,
    version_id: version.versionId,
    patient_id: version.patientId,
    last_updated: version.lastUpdated,
    deleted: version.deleted,
  };
}

/** The search-term rows of a version (none for a delete), keyed with the tenant's search key. */
export function searchRowsOf(tenantId: string, searchKey: Buffer, version: IndexedVersion) {
  if (version.deleted) return { tokens: [], dates: [] };
  const { tokens, dates } = extractSearchTerms(version.resource);
  const base = { tenant_id: tenantId, resource_type: version.resourceType, id: version.id };
  return {
    tokens: tokens.map((t) => ({
      ...base,
      param: t.param,
      term: keyedTerm(searchKey, version.resourceType, t.param, t.term),
    })),
    dates: dates.map((d) => ({ ...base, param: d.param, low: d.low, high: d.high })),
  };
}

/**
 * Indexes many brand-new resources at once (version 1, nothing indexed yet): the bulk path of
 * the seed and the importer, a few multi-row statements instead of several per resource.
 */
export async function indexFirstVersions(
  tx: Tx,
  tenantId: string,
  searchKey: Buffer,
  versions: readonly IndexedVersion[],
): Promise<void> {
  const current = versions.map((v) => currentRowOf(tenantId, v));
  const tokens = [];
  const dates = [];
  for (const v of versions) {
    const terms = searchRowsOf(tenantId, searchKey, v);
    tokens.push(...terms.tokens);
    dates.push(...terms.dates);
  }
  for (let i = 0; i < current.length; i += 1000) {
    await tx
      .insertInto('fhir_current')
      .values(current.slice(i, i + 1000))
      .execute();
  }
  for (let i = 0; i < tokens.length; i += 2000) {
    await tx
      .insertInto('fhir_search_token')
      .values(tokens.slice(i, i + 2000))
      .onConflict((c) => c.doNothing())
      .execute();
  }
  for (let i = 0; i < dates.length; i += 2000) {
    await tx
      .insertInto('fhir_search_date')
      .values(dates.slice(i, i + 2000))
      .onConflict((c) => c.doNothing())
      .execute();
  }
}

async function clearTerms(tx: Tx, tenantId: string, resourceType: string, id: string) {
  for (const table of ['fhir_search_token', 'fhir_search_date'] as const) {
    await tx
      .deleteFrom(table)
      .where('tenant_id', '=', tenantId)
      .where('resource_type', '=', resourceType)
      .where('id', '=', id)
      .execute();
  }
}
