// Importing Synthea's output (../shared/data/synthea: 20 patient bundles plus the hospital and
// practitioner bundles, about 7,200 resources), on both drivers: the whole folder, then again.
import { randomUUID } from 'node:crypto';
import type { Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { keysForResources, systemInsertResources } from '../records/system-record-writer.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import {
  compartment,
  countRows,
  firstOf,
  patientIds,
  scratchFolder,
  SMALL_A,
  SYNTHEA,
  SYNTHEA_PRESENT,
  syntheaBundle,
} from './import-fixtures.js';
import { runImport } from './import-run.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

describe.skipIf(!SYNTHEA_PRESENT)('haven import of Synthea bundles', () => {
  it('imports all of ../shared/data/synthea with zero errors; importing it again creates nothing', async () => {
    const practice = await createTestTenant(db);
    const first = await runImport(db, keyring, practice.id, [SYNTHEA]);
    expect(first.failed).toEqual([]);
    expect(first.files).toBe(22);
    expect(first.bundles).toBe(22);
    // 7,203 entries; the organisations and practitioners repeated in patient bundles are the
    // ones the hospital and practitioner bundles stored first.
    expect(first.created + first.unchanged).toBe(7203);
    expect(first.created).toBeGreaterThan(7000);
    expect(await patientIds(db, practice.id)).toHaveLength(20);
    const rows = await countRows(db, practice.id);
    expect(rows).toBe(first.created);

    const second = await runImport(db, keyring, practice.id, [SYNTHEA]);
    expect(second.failed).toEqual([]);
    expect(second.created).toBe(0);
    expect(second.unchanged).toBe(7203);
    expect(await countRows(db, practice.id)).toBe(rows);
  }, 300_000);

  it('rewrites references to the stored patient, matched by identifier, and audits per patient and type', async () => {
    const practice = await createTestTenant(db);
    const bundle = syntheaBundle(SMALL_A);
    // The patient is already stored under another id (entered by hand, say).
    const patient = { ...(firstOf(bundle, 'Patient') as Patient), id: randomUUID() };
    const keys = await keysForResources(keyring, practice.id, [patient]);
    await tenantTransaction(db, practice.id, (tx) =>
      systemInsertResources(tx, practice.id, keys, [patient], new Date()),
    );

    const summary = await runImport(db, keyring, practice.id, [
      scratchFolder({ [SMALL_A]: bundle }),
    ]);
    expect(summary.failed).toEqual([]);
    expect(await patientIds(db, practice.id)).toEqual([patient.id]);
    const stored = await compartment(db, keyring, practice.id, patient.id);
    const observations = stored.filter((v) => v.resourceType === 'Observation');
    expect(observations.length).toBeGreaterThan(10);
    for (const { resource } of observations) {
      expect((resource as Observation).subject?.reference).toBe(`Patient/${patient.id}`);
      expect((resource as Observation).encounter?.reference).toMatch(/^Encounter\/[0-9a-f-]{36}$/);
    }

    const audit = await tenantTransaction(db, practice.id, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['actor_user_id', 'reason_code', 'purpose_of_use', 'patient_id', 'data_category'])
        .where('action', '=', 'create')
        .execute(),
    );
    const forPatient = audit.filter((a) => a.patient_id === patient.id);
    expect(forPatient.length).toBeGreaterThan(3);
    expect(forPatient.length).toBeLessThan(30); // per type, not per resource
    for (const entry of audit) {
      expect(entry).toMatchObject({
        actor_user_id: null,
        reason_code: 'system_job',
        purpose_of_use: 'SYSADMIN',
      });
    }
    expect(new Set(forPatient.map((a) => a.data_category))).toContain('results');
  }, 120_000);
});
