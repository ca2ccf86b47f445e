// What the importer refuses, and that it carries on: a bundle with one bad entry is refused
// whole, a file that is not JSON or not a Bundle is reported and skipped, an NDJSON file's bad
// lines are reported by number while its good lines import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { importedId } from './deterministic-id.js';
import {
  compartment,
  countRows,
  scratchFolder,
  SMALL_A,
  SMALL_B,
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

describe.skipIf(!SYNTHEA_PRESENT)('haven import refuses bad input and carries on', () => {
  it('refuses a bundle with one invalid entry whole (store unchanged) and imports the next', async () => {
    const practice = await createTestTenant(db);
    const bad = syntheaBundle(SMALL_A);
    const index = bad.entry?.findIndex((e) => e.resource?.resourceType === 'Observation') ?? -1;
    Object.assign(bad.entry?.[index]?.resource ?? {}, { notAField: true });
    const before = await countRows(db, practice.id);
    const summary = await runImport(db, keyring, practice.id, [
      scratchFolder({ 'a-bad.json': bad, 'b-good.json': syntheaBundle(SMALL_B) }),
    ]);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.file).toBe('a-bad.json');
    expect(summary.failed[0]?.reasons[0]).toMatch(
      new RegExp(`^entry\\[${index}\\] \\(Observation\\): Observation\\.notAField`),
    );
    expect(summary.bundles).toBe(1);
    expect(await countRows(db, practice.id)).toBe(before + summary.created);
    expect(summary.created).toBe(syntheaBundle(SMALL_B).entry?.length);
  }, 60_000);

  it('reports a file that is not JSON and one that is not a Bundle, and skips them', async () => {
    const practice = await createTestTenant(db);
    const summary = await runImport(db, keyring, practice.id, [
      scratchFolder({
        'broken.json': '{"resourceType": "Bundle", "entry": [',
        'patient.json': { resourceType: 'Patient', gender: 'other' },
        'history.json': { resourceType: 'Bundle', type: 'history', entry: [] },
        'empty-entry.json': { resourceType: 'Bundle', type: 'transaction', entry: [{}] },
      }),
    ]);
    expect(summary.failed).toEqual([
      { file: 'broken.json', reasons: ['not valid JSON'] },
      { file: 'empty-entry.json', reasons: ['entry[0]: the entry has no resource'] },
      {
        file: 'history.json',
        reasons: ['a Bundle of a type other than transaction, batch or collection'],
      },
      { file: 'patient.json', reasons: ['not a FHIR Bundle (resourceType is not "Bundle")'] },
    ]);
    expect(await countRows(db, practice.id)).toBe(0);
  });

  it('fails a bundle whose conditional reference matches nothing stored, naming why', async () => {
    const practice = await createTestTenant(db);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:0b6f1f8e-4f0e-4a57-9d55-2f8a6a0e9a11',
          request: { method: 'POST', url: 'Patient' },
          resource: {
            resourceType: 'Patient',
            generalPractitioner: [
              { reference: 'Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|1234' },
            ],
          },
        },
      ],
    };
    const summary = await runImport(db, keyring, practice.id, [
      scratchFolder({ 'p.json': bundle }),
    ]);
    expect(summary.failed[0]?.reasons).toEqual([
      'entry[0] (Patient): a conditional reference to Practitioner matches no stored Practitioner (import it first)',
    ]);
    expect(await countRows(db, practice.id)).toBe(0);
  });

  it('imports the good lines of an NDJSON file and reports the bad ones by line number', async () => {
    const practice = await createTestTenant(db);
    const observation = (id: string, extra: object = {}) => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/p-1' },
      ...extra,
    });
    const lines = [
      { resourceType: 'Patient', id: 'p-1', identifier: [{ system: 'urn:test:mrn', value: 'M1' }] },
      observation('o-1'),
      '{"resourceType": "Observation", ',
      observation('o-2', { status: 42 }),
      observation('o-3'),
    ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l)));
    const file = scratchFolder({ 'Observation.ndjson': lines.join('\n') });
    const summary = await runImport(db, keyring, practice.id, [file], { ndjsonBatch: 2 });
    expect(summary.lines).toBe(5);
    expect(summary.created).toBe(3);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]?.reasons[0]).toBe('line 3: not valid JSON');
    expect(summary.failed[0]?.reasons[1]).toMatch(/^line 4 \(Observation\): Observation\.status/);
    const patientId = importedId('Patient/p-1');
    const stored = await compartment(db, keyring, practice.id, patientId);
    expect(stored.map((v) => v.resource.resourceType).sort()).toEqual([
      'Observation',
      'Observation',
      'Patient',
    ]);
    for (const v of stored.filter((s) => s.resourceType === 'Observation')) {
      expect((v.resource as { subject?: { reference?: string } }).subject?.reference).toBe(
        `Patient/${patientId}`,
      );
    }
    const again = await runImport(db, keyring, practice.id, [file], { ndjsonBatch: 2 });
    expect(again).toMatchObject({ created: 0, unchanged: 3 });
  });
});
