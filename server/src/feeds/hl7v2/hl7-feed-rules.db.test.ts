import type { Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction } from '../../db/transactions.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { receiveMessage, type FeedDeps } from './feed-service.js';
import {
  chart,
  history,
  msa,
  oru,
  patientsOf,
  patientWith,
  resourceRows,
  sample,
} from './hl7-test-fixtures.js';
import {
  RELEASE_AT_EXTENSION,
  RELEASE_TAG_SYSTEM,
  saveReleasePreference,
} from './result-release.js';
import { tenantScope } from '../../crypto/index.js';

let db: HavenDatabase;
let deps: FeedDeps;
const NOW = new Date('2026-11-25T09:00:00Z');
beforeAll(async () => {
  db = await openTestDatabase();
  deps = { db, keyring: testKeyring(db), now: () => NOW };
});
afterAll(() => db.close());

const POTASSIUM = 'OBX|1|NM|2823-3^Potassium^LN||5.9|mmol/L^^UCUM|3.5-5.0|H|||F';

async function feedRows(tenantId: string) {
  return tenantTransaction(db, tenantId, async (tx) => ({
    messages: (await tx.selectFrom('hl7_message').select('id').execute()).length,
    queued: (await tx.selectFrom('hl7_reconciliation').select('id').execute()).length,
    links: (await tx.selectFrom('hl7_result_link').select('link').execute()).length,
  }));
}

describe('registration (ADT)', () => {
  it('A04 creates the patient, A08 updates it as a new version', async () => {
    const { id: tenantId } = await createTestTenant(db);
    expect(msa((await receiveMessage(deps, tenantId, sample('ADT-A04-01.hl7'))).ack).code).toBe(
      'AA',
    );
    const a08 = sample('ADT-A08-01.hl7').replace(
      'EVERYMAN&&&&Aniston^ADAM',
      'EVERYWOMAN&&&&Aniston^EVE',
    );
    const reply = await receiveMessage(deps, tenantId, a08);
    expect(msa(reply.ack)).toMatchObject({ code: 'AA', text: 'Accepted: patient record updated.' });
    const [patient] = (await patientsOf(db, deps.keyring, tenantId)) as Patient[];
    expect(patient?.meta?.versionId).toBe('2');
    expect(patient?.name?.[0]).toMatchObject({ family: 'EVERYWOMAN', given: ['EVE', 'A'] });
    const versions = await history(
      db,
      deps.keyring,
      tenantId,
      patient!.id!,
      'Patient',
      patient!.id!,
    );
    expect(versions).toHaveLength(2);
  });

  it('an A04 with an invalid birth date stores nothing: no half a patient', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const broken = sample('ADT-A04-01.hl7').replace('|198808181126+0215|M|', '|19881318|M|');
    const reply = await receiveMessage(deps, tenantId, broken);
    expect(msa(reply.ack)).toMatchObject({
      code: 'AE',
      text: 'PID-7 (PID 1) is not a valid HL7 date/time.',
    });
    expect(reply.ack).toContain('ERR||PID^1^7|102^Data type error^HL70357|E');
    expect(await resourceRows(db, tenantId)).toBe(0);
    expect(await feedRows(tenantId)).toEqual({ messages: 0, queued: 0, links: 0 });
  });
});

describe('bad input', () => {
  it.each([
    ['not HL7 at all', 'this is not an HL7 message'],
    ['an empty body', ''],
    ['segments without MSH', 'PID|1||123^^^^MR\rOBX|1|NM|1-1^X^LN||1'],
    ['MSH without a type', 'MSH|^~\\&|A|B|C|D|20260101||||P|2.5'],
    ['an unsupported type', 'MSH|^~\\&|A|B|C|D|20260101||ORM^O01|X1|P|2.5\rPID|1||1^^^^MR'],
    ['a garbled line', `${oru({ controlId: 'G1', obx: [POTASSIUM] })}\r\u0000\u0001garbage`],
  ])('%s: AR with a clear error, the store exactly as it was', async (_name, raw) => {
    const { id: tenantId } = await createTestTenant(db);
    await patientWith(db, deps.keyring, tenantId);
    const before = await resourceRows(db, tenantId);
    const reply = await receiveMessage(deps, tenantId, raw);
    expect(msa(reply.ack).code).toBe('AR');
    expect(msa(reply.ack).text.length).toBeGreaterThan(10);
    expect(reply.ack).toMatch(/\rERR\|\|[^|]*\|\d{3}\^/);
    expect(await resourceRows(db, tenantId)).toBe(before);
    expect(await feedRows(tenantId)).toEqual({ messages: 0, queued: 0, links: 0 });
  });

  it('an ORU with one bad OBX stores none of its results (AE)', async () => {
    const { id: tenantId } = await createTestTenant(db);
    await patientWith(db, deps.keyring, tenantId);
    const before = await resourceRows(db, tenantId);
    const reply = await receiveMessage(
      deps,
      tenantId,
      oru({ controlId: 'B1', obx: [POTASSIUM, 'OBX|2|NM|||5'] }),
    );
    expect(msa(reply.ack)).toMatchObject({
      code: 'AE',
      text: 'OBX-3 (observation identifier) is missing in OBX 2.',
    });
    expect(await resourceRows(db, tenantId)).toBe(before);
  });
});

describe('idempotency', () => {
  it('a message sent again gets the same ACK and stores nothing twice', async () => {
    const { id: tenantId } = await createTestTenant(db);
    await patientWith(db, deps.keyring, tenantId);
    const message = oru({ controlId: 'R1', obx: [POTASSIUM] });
    const first = await receiveMessage(deps, tenantId, message);
    const rows = await resourceRows(db, tenantId);
    const again = await receiveMessage(
      deps,
      tenantId,
      message.replace('20261125083000+0000', '20261125093000+0000'),
    );
    expect(again).toEqual(first);
    expect(await resourceRows(db, tenantId)).toBe(rows);
    expect(await feedRows(tenantId)).toEqual({ messages: 1, queued: 0, links: 2 });
  });
});

describe('result release (21st Century Cures Act)', () => {
  it('a new result is released at once by default', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patient = await patientWith(db, deps.keyring, tenantId);
    await receiveMessage(deps, tenantId, oru({ controlId: 'D1', obx: [POTASSIUM] }));
    for (const r of await chart(db, deps.keyring, tenantId, patient.id, [
      'DiagnosticReport',
      'Observation',
    ])) {
      expect(r.meta?.tag).toBeUndefined();
      expect((r as Observation).extension).toBeUndefined();
    }
  });

  it('a kind of result the patient chose to delay is marked with its release time', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patient = await patientWith(db, deps.keyring, tenantId);
    const tenantKey = await deps.keyring.dataKey(tenantScope(tenantId));
    await tenantTransaction(db, tenantId, (tx) =>
      saveReleasePreference(tx, tenantKey, {
        tenantId,
        patientId: patient.id,
        preference: { categories: [], codes: ['2823-3'], delayHours: 72 },
        now: NOW,
      }),
    );
    await receiveMessage(deps, tenantId, oru({ controlId: 'D2', obx: [POTASSIUM] }));
    await receiveMessage(
      deps,
      tenantId,
      oru({
        controlId: 'D3',
        order: '2',
        obx: ['OBX|1|NM|2093-3^Cholesterol^LN||180|mg/dL||N|||F'],
      }),
    );
    const stored = await chart(db, deps.keyring, tenantId, patient.id, [
      'DiagnosticReport',
      'Observation',
    ]);
    const delayed = stored.filter((r) =>
      r.meta?.tag?.some((t) => t.system === RELEASE_TAG_SYSTEM && t.code === 'patient-delayed'),
    );
    expect(delayed.map((r) => r.resourceType).sort()).toEqual(['DiagnosticReport', 'Observation']);
    for (const r of delayed) {
      expect((r as Observation).extension).toEqual([
        { url: RELEASE_AT_EXTENSION, valueDateTime: '2026-11-28T09:00:00.000Z' },
      ]);
    }
    expect(stored).toHaveLength(4);
  });
});
