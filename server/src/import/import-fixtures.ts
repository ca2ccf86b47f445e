/**
 * Test helpers for the importer: the Synthea folder in ../shared/data (outside the repository;
 * the tests that need it say so loudly when it is missing), scratch folders, and counts.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { RecordKeys } from '../records/record-keys.js';
import { readCompartment, type StoredVersion } from '../records/record-store.js';
import { sharedPath } from '../../test/shared-data.js';

export const SYNTHEA = sharedPath('data', 'synthea');
export const SYNTHEA_PRESENT = existsSync(SYNTHEA);
if (!SYNTHEA_PRESENT) {
  process.stderr.write(
    `\n*** ${SYNTHEA} is missing: the Synthea import tests are SKIPPED. ***\n\n`,
  );
}
/** The two smallest patient bundles (about 350 resources each). */
export const SMALL_A = 'Carmelo_Streich_4026988c-ab06-4635-8c53-86cbad7b1c56.json';
export const SMALL_B = 'Catheryn_Macejkovic_62247e85-c8c1-4047-90b3-e0b3a9c59600.json';

export function syntheaBundle(file: string): Bundle {
  return JSON.parse(readFileSync(path.join(SYNTHEA, file), 'utf8')) as Bundle;
}

/** A new scratch folder holding `files` (name -> contents; objects are written as JSON). */
export function scratchFolder(files: Record<string, string | object>): string {
  const folder = mkdtempSync(path.join(tmpdir(), `haven-import-${randomUUID().slice(0, 8)}-`));
  for (const [name, contents] of Object.entries(files)) {
    writeFileSync(
      path.join(folder, name),
      typeof contents === 'string' ? contents : JSON.stringify(contents),
    );
  }
  return folder;
}

/** Rows of `fhir_resource` (every version) in the tenant. */
export async function countRows(db: HavenDatabase, tenantId: string): Promise<number> {
  const { rows } = await tenantTransaction(db, tenantId, (tx) =>
    sql<{ n: string | number }>`select count(*) as n from fhir_resource`.execute(tx),
  );
  return Number(rows[0]?.n ?? 0);
}

/** Current patients' ids in the tenant. */
export async function patientIds(db: HavenDatabase, tenantId: string): Promise<string[]> {
  const rows = await tenantTransaction(db, tenantId, (tx) =>
    tx.selectFrom('fhir_current').select('id').where('resource_type', '=', 'Patient').execute(),
  );
  return rows.map((r) => r.id);
}

/** A patient's stored resources, opened. */
export async function compartment(
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
): Promise<StoredVersion[]> {
  const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
  return tenantTransaction(db, tenantId, (tx) => readCompartment(tx, tenantId, keys, patientId));
}

/** The first resource of `type` in a Synthea bundle. */
export function firstOf(bundle: Bundle, type: string): Resource {
  const found = bundle.entry?.find((e) => e.resource?.resourceType === type)?.resource;
  if (!found) throw new Error(`no ${type} in the bundle`);
  return found;
}
