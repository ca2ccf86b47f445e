import type { DiagnosticReport, Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { receiveMessage, type FeedDeps } from './feed-service.js';
import {
  chart,
  history,
  msa,
  oru,
  patientWith,
  resourceRows,
  sample,
  SAMPLE_MRN,
} from './hl7-test-fixtures.js';

let db: HavenDatabase;
let deps: FeedDeps;
beforeAll(async () => {
  db = await openTestDatabase();
  deps = { db, keyring: testKeyring(db), now: () => new Date('2026-11-25T09:00:00Z') };
});
afterAll(() => db.close());

const POTASSIUM =
  'OBX|1|NM|2823-3^Potassium^LN||5.9|mmol/L^millimole per liter^UCUM|3.5-5.0|H|||F|||20261125075000+0000';
const CHOLESTEROL = 'OBX|2|NM|2093-3^Cholesterol^LN||180|mg/dL^^UCUM|<200|N|||F';
const CULTURE = 'OBX|3|CWE|625-4^Bacteria identified^LN|1|27268008^Salmonella^SCT|||A|||F';
const COMMENT = 'OBX|4|TX|8251-1^Service comment^LN||Specimen slightly \\T\\ haemolysed||||||F';

describe('ORU^R01 lab results', () => {
  it('stores a DiagnosticReport and Observations with values, units, ranges and flags on the patient matched by MRN', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patient = await patientWith(db, deps.keyring, tenantId);
    const reply = await receiveMessage(
      deps,
      tenantId,
      oru({ controlId: 'C1', obx: [POTASSIUM, CHOLESTEROL, CULTURE, COMMENT] }),
    );
    expect(msa(reply.ack)).toMatchObject({ code: 'AA', controlId: 'C1' });
    const stored = await chart(db, deps.keyring, tenantId, patient.id, [
      'DiagnosticReport',
      'Observation',
    ]);
    const report = stored.find((r) => r.resourceType === 'DiagnosticReport') as DiagnosticReport;
    const obs = stored.filter((r): r is Observation => r.resourceType === 'Observation');
    expect(report).toMatchObject({
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '24323-8' }] },
      category: [{ coding: [{ code: 'CH' }] }],
      effectiveDateTime: '2026-11-25T07:00:00+00:00',
      issued: '2026-11-25T08:00:00.000Z',
      subject: { reference: `Patient/${patient.id}` },
    });
    expect(report.result).toHaveLength(4);
    const byCode = (code: string) => obs.find((o) => o.code.coding?.[0]?.code === code)!;
    expect(byCode('2823-3')).toMatchObject({
      status: 'final',
      valueQuantity: {
        value: 5.9,
        unit: 'millimole per liter',
        system: 'http://unitsofmeasure.org',
        code: 'mmol/L',
      },
      referenceRange: [{ low: { value: 3.5 }, high: { value: 5 }, text: '3.5-5.0' }],
      interpretation: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
              code: 'H',
            },
          ],
        },
      ],
      effectiveDateTime: '2026-11-25T07:50:00+00:00',
    });
    expect(byCode('2093-3').referenceRange).toEqual([
      { high: { value: 200, unit: 'mg/dL' }, text: '<200' },
    ]);
    expect(byCode('2093-3').interpretation?.[0]?.coding?.[0]?.code).toBe('N');
    expect(byCode('625-4').valueCodeableConcept).toEqual({
      coding: [{ system: 'http://snomed.info/sct', code: '27268008', display: 'Salmonella' }],
      text: 'Salmonella',
    });
    expect(byCode('8251-1').valueString).toBe('Specimen slightly & haemolysed');
  });

  it('a corrected result becomes a new version of the same Observation and report, not a duplicate', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patient = await patientWith(db, deps.keyring, tenantId);
    await receiveMessage(deps, tenantId, oru({ controlId: 'C1', obx: [POTASSIUM] }));
    const corrected = POTASSIUM.replace('|5.9|', '|4.1|').replace('|H|||F|', '|N|||C|');
    const reply = await receiveMessage(
      deps,
      tenantId,
      oru({ controlId: 'C2', status: 'C', obx: [corrected] }),
    );
    expect(msa(reply.ack).code).toBe('AA');
    const stored = await chart(db, deps.keyring, tenantId, patient.id, [
      'DiagnosticReport',
      'Observation',
    ]);
    expect(stored.map((r) => r.resourceType).sort()).toEqual(['DiagnosticReport', 'Observation']);
    const obs = stored.find((r) => r.resourceType === 'Observation') as Observation;
    expect(obs).toMatchObject({
      status: 'corrected',
      valueQuantity: { value: 4.1 },
      meta: { versionId: '2' },
    });
    const versions = await history(db, deps.keyring, tenantId, patient.id, 'Observation', obs.id!);
    expect(versions.map((v) => (v.resource as Observation).valueQuantity?.value)).toEqual([
      4.1, 5.9,
    ]);
    const report = stored.find((r) => r.resourceType === 'DiagnosticReport') as DiagnosticReport;
    expect(report).toMatchObject({ status: 'corrected', meta: { versionId: '2' } });
  });

  it('LAB-ORU-1 (preliminary) then LAB-ORU-2 (final) update the same two reports and ten observations', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patient = await patientWith(db, deps.keyring, tenantId, SAMPLE_MRN.lab);
    expect(msa((await receiveMessage(deps, tenantId, sample('LAB-ORU-1.hl7'))).ack).code).toBe(
      'AA',
    );
    const before = await resourceRows(db, tenantId);
    const second = await receiveMessage(deps, tenantId, sample('LAB-ORU-2.hl7'));
    expect(msa(second.ack)).toMatchObject({
      code: 'AA',
      text: 'Accepted: 2 report(s) and 10 observation(s) stored.',
    });
    expect((await resourceRows(db, tenantId)) - before).toBe(12);
    const stored = await chart(db, deps.keyring, tenantId, patient.id, [
      'DiagnosticReport',
      'Observation',
    ]);
    expect(stored).toHaveLength(12);
    const leukocytes = stored.find(
      (r) => (r as Observation).code?.coding?.[0]?.code === '11156-7',
    ) as Observation;
    expect(leukocytes).toMatchObject({
      status: 'final',
      valueQuantity: { value: 8.2, unit: 'giga.l-1' },
      meta: { versionId: '2' },
    });
  });
});
