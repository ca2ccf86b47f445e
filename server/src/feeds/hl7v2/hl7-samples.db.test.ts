import type { Immunization, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { receiveMessage, type FeedDeps } from './feed-service.js';
import {
  chart,
  msa,
  patientsOf,
  patientWith,
  resourceRows,
  sample,
  SAMPLE_FILES,
  SAMPLE_MRN,
} from './hl7-test-fixtures.js';

let db: HavenDatabase;
let deps: FeedDeps;
beforeAll(async () => {
  db = await openTestDatabase();
  deps = { db, keyring: testKeyring(db), now: () => new Date('2026-11-25T09:00:00Z') };
});
afterAll(() => db.close());

type Sample = (typeof SAMPLE_FILES)[number];
/** The deliberate answer to each sample, with the patient its MRN matches (if any). */
const ANSWERS: Record<
  Sample,
  { mrn?: { system: string; value: string }; code: string; text: string; rows: number }
> = {
  'ADT-A01-01.hl7': {
    code: 'AA',
    text: 'Admission (A01) received; Haven does not store admissions.',
    rows: 0,
  },
  'ADT-A04-01.hl7': { code: 'AA', text: 'Accepted: patient registered.', rows: 1 },
  'ADT-A08-01.hl7': {
    mrn: SAMPLE_MRN.adt,
    code: 'AA',
    text: 'Accepted: patient record updated.',
    rows: 1,
  },
  'LAB-ORU-1.hl7': {
    mrn: SAMPLE_MRN.lab,
    code: 'AA',
    text: 'Accepted: 2 report(s) and 10 observation(s) stored.',
    rows: 12,
  },
  'LAB-ORU-2.hl7': {
    mrn: SAMPLE_MRN.lab,
    code: 'AA',
    text: 'Accepted: 2 report(s) and 10 observation(s) stored.',
    rows: 12,
  },
  'ORU-R01-01.hl7': {
    mrn: SAMPLE_MRN.phims,
    code: 'AA',
    text: 'Accepted: 1 report(s) and 3 observation(s) stored. 2 OBX outside any order (OBR) not stored.',
    rows: 4,
  },
  'SIU-S12-01.hl7': {
    mrn: SAMPLE_MRN.adt,
    code: 'AE',
    text: 'Scheduling messages (SIU) are not supported by this feed',
    rows: 0,
  },
  'VXU-V04-01.hl7': {
    mrn: SAMPLE_MRN.adt,
    code: 'AA',
    text: 'Accepted: 1 immunization(s) stored.',
    rows: 1,
  },
};

describe('every sample message in ../shared/data/hl7v2 gets a deliberate answer', () => {
  it('lists every sample file', () => {
    expect(Object.keys(ANSWERS).sort()).toEqual([...SAMPLE_FILES].sort());
  });

  for (const lineEnd of ['as stored', '\\r']) {
    it.each(SAMPLE_FILES)(`%s (line ends ${lineEnd})`, async (file) => {
      const { id: tenantId } = await createTestTenant(db);
      const expected = ANSWERS[file];
      if (expected.mrn) await patientWith(db, deps.keyring, tenantId, expected.mrn);
      const before = await resourceRows(db, tenantId);
      const raw = lineEnd === '\\r' ? sample(file).replace(/\r?\n/g, '\r') : sample(file);
      const reply = await receiveMessage(deps, tenantId, raw);
      const answer = msa(reply.ack);
      expect(answer.code).toBe(expected.code);
      expect(answer.text).toContain(expected.text);
      expect(answer.controlId).not.toBe('');
      expect((await resourceRows(db, tenantId)) - before).toBe(expected.rows);
    });
  }

  it('ADT-A04-01 registers the patient from PID (names, birth date, gender, address, telecom, identifiers; no SSN)', async () => {
    const { id: tenantId } = await createTestTenant(db);
    await receiveMessage(deps, tenantId, sample('ADT-A04-01.hl7'));
    const [patient] = (await patientsOf(db, deps.keyring, tenantId)) as Patient[];
    expect(patient).toMatchObject({
      gender: 'male',
      birthDate: '1988-08-18',
      name: [
        {
          use: 'usual',
          family: 'EVERYMAN',
          given: ['ADAM', 'A'],
          prefix: ['Dr.'],
          suffix: ['III', 'MD'],
        },
        { use: 'official', family: 'Josh', given: ['stanley'] },
      ],
      address: [
        {
          type: 'postal',
          line: ['1000 Hospital Lane', 'Ste. 123'],
          city: 'Ann Arbor',
          state: 'MI',
          postalCode: '99999',
          country: 'USA',
        },
      ],
    });
    expect(patient?.identifier).toEqual([
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        ...SAMPLE_MRN.adt,
      },
    ]);
    expect(patient?.telecom?.[0]).toEqual({ system: 'phone', value: '2222', use: 'mobile' });
  });

  it('VXU-V04-01 stores the Immunization on the matched patient', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patient = await patientWith(db, deps.keyring, tenantId, SAMPLE_MRN.adt);
    await receiveMessage(deps, tenantId, sample('VXU-V04-01.hl7'));
    const [imm] = (await chart(db, deps.keyring, tenantId, patient.id, [
      'Immunization',
    ])) as Immunization[];
    expect(imm).toMatchObject({
      status: 'completed',
      vaccineCode: {
        coding: [
          { system: 'http://hl7.org/fhir/sid/ndc', code: '49281021588', display: 'TENIVAC' },
        ],
      },
      occurrenceDateTime: '2021-08-18',
      doseQuantity: { value: 0.5, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' },
      lotNumber: '315841',
      expirationDate: '2021-12-16',
      manufacturer: { display: 'Sanofi Pasteur' },
      route: { coding: [{ code: 'C28161' }] },
      site: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0163', code: 'RD' }] },
      patient: { reference: `Patient/${patient.id}` },
    });
  });
});
