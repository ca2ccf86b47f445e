import type { Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAuthTestApp,
  clearedBrowser,
  type ApiAuthTestApp,
} from '../../api-auth/api-auth-test-app.js';
import { issueTestToken } from '../../api-auth/api-auth-test-fixtures.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import {
  chart,
  msa,
  oru,
  patientWith,
  resourceRows,
  sample,
  SAMPLE_MRN,
} from './hl7-test-fixtures.js';
import { HL7_CONTENT_TYPE } from './hl7-routes.js';
import type { QueueItemView } from './reconciliation-service.js';

/** The items of a queue listing. */
function items(res: { json: () => unknown }): QueueItemView[] {
  return (res.json() as { items: QueueItemView[] }).items;
}

let setup: ApiAuthTestApp;
beforeAll(async () => {
  setup = await apiAuthTestApp(await openTestDatabase());
});
afterAll(async () => {
  await setup.app.close();
  await setup.db.close();
});

function post(body: string, authorization?: string) {
  return setup.app.inject({
    method: 'POST',
    url: '/api/feeds/hl7v2',
    headers: { 'content-type': HL7_CONTENT_TYPE, ...(authorization ? { authorization } : {}) },
    payload: body,
  });
}

const POTASSIUM = 'OBX|1|NM|2823-3^Potassium^LN||5.9|mmol/L^^UCUM|3.5-5.0|H|||F';

describe('POST /api/feeds/hl7v2', () => {
  it('without a token is 401', async () => {
    const res = await post(oru({ controlId: 'H0', obx: [POTASSIUM] }));
    expect(res.statusCode).toBe(401);
  });

  it('a system client of the practice gets the ACK: 200 for AA, 400 for AR', async () => {
    const { id: tenantId } = await createTestTenant(setup.db);
    const patient = await patientWith(setup.db, setup.keyring, tenantId);
    const { authorization } = await issueTestToken(
      setup.db,
      setup.keyring,
      { client: { tenantId } },
      { now: setup.clock.now() },
    );
    const res = await post(oru({ controlId: 'H1', obx: [POTASSIUM] }), authorization);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(HL7_CONTENT_TYPE);
    expect(msa(res.body)).toMatchObject({ code: 'AA', controlId: 'H1' });
    const stored = await chart(setup.db, setup.keyring, tenantId, patient.id, ['Observation']);
    expect((stored[0] as Observation).valueQuantity?.value).toBe(5.9);
    const bad = await post('not hl7', authorization);
    expect(bad.statusCode).toBe(400);
    expect(msa(bad.body).code).toBe('AR');
    const plain = await setup.app.inject({
      method: 'POST',
      url: '/api/feeds/hl7v2',
      headers: { 'content-type': 'text/plain', authorization },
      payload: sample('ADT-A01-01.hl7'),
    });
    expect(plain.statusCode).toBe(200);
    expect(msa(plain.body).code).toBe('AA');
  });

  it('a token without the scopes for what the message writes is 403, and nothing is stored', async () => {
    const { id: tenantId } = await createTestTenant(setup.db);
    await patientWith(setup.db, setup.keyring, tenantId);
    const { authorization } = await issueTestToken(
      setup.db,
      setup.keyring,
      { client: { tenantId } },
      { scopes: ['system/Patient.cru'], now: setup.clock.now() },
    );
    const res = await post(oru({ controlId: 'H2', obx: [POTASSIUM] }), authorization);
    expect(res.statusCode).toBe(403);
    expect(await resourceRows(setup.db, tenantId)).toBe(1);
  });
});

describe('reconciliation queue', () => {
  it('an unknown MRN is held (nothing on any patient), listed for staff, then resolved onto the chosen patient', async () => {
    const { id: tenantId } = await createTestTenant(setup.db);
    const patient = await patientWith(setup.db, setup.keyring, tenantId, {
      system: 'urn:haven:mrn',
      value: 'OTHER-1',
    });
    const { authorization } = await issueTestToken(
      setup.db,
      setup.keyring,
      { client: { tenantId } },
      { now: setup.clock.now() },
    );
    const held = await post(sample('LAB-ORU-2.hl7'), authorization);
    expect(msa(held.body).code).toBe('AA');
    expect(msa(held.body).text).toContain('held for staff');
    expect(await resourceRows(setup.db, tenantId)).toBe(1);

    const { browser } = await clearedBrowser(setup, tenantId, 'front_desk');
    const list = await browser.request('GET', `/api/practices/${tenantId}/feeds/reconciliation`);
    expect(list.statusCode).toBe(200);
    const [item] = items(list);
    expect(item).toMatchObject({
      messageType: 'ORU^R01',
      reason: 'no_match',
      status: 'open',
      person: {
        name: 'DONALD DUCK',
        birthDate: '19241010',
        identifier: `${SAMPLE_MRN.lab.system}|${SAMPLE_MRN.lab.value}`,
      },
    });

    const resolved = await browser.request(
      'POST',
      `/api/practices/${tenantId}/feeds/reconciliation/${item!.id}/resolve`,
      { patientId: patient.id },
    );
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json<{ text: string }>().text).toBe(
      'Accepted: 2 report(s) and 10 observation(s) stored.',
    );
    const stored = await chart(setup.db, setup.keyring, tenantId, patient.id, [
      'DiagnosticReport',
      'Observation',
      'Patient',
    ]);
    expect(stored.filter((r) => r.resourceType !== 'Patient')).toHaveLength(12);
    const updated = stored.find((r) => r.resourceType === 'Patient') as Patient;
    expect(updated.identifier?.map((i) => i.value)).toEqual(['OTHER-1', SAMPLE_MRN.lab.value]);

    const again = await browser.request(
      'POST',
      `/api/practices/${tenantId}/feeds/reconciliation/${item!.id}/resolve`,
      { patientId: patient.id },
    );
    expect(again.statusCode).toBe(409);
    const open = await browser.request('GET', `/api/practices/${tenantId}/feeds/reconciliation`);
    expect(items(open)).toEqual([]);
    // The next message for that MRN now matches the patient directly.
    expect(msa((await post(sample('LAB-ORU-1.hl7'), authorization)).body).text).toContain('stored');
  });

  it('discarding keeps nothing on any chart; billing staff and strangers are refused', async () => {
    const { id: tenantId } = await createTestTenant(setup.db);
    const { authorization } = await issueTestToken(
      setup.db,
      setup.keyring,
      { client: { tenantId } },
      { now: setup.clock.now() },
    );
    await post(sample('VXU-V04-01.hl7'), authorization);
    const { browser } = await clearedBrowser(setup, tenantId, 'nurse');
    const [item] = items(
      await browser.request('GET', `/api/practices/${tenantId}/feeds/reconciliation`),
    );
    const discard = await browser.request(
      'POST',
      `/api/practices/${tenantId}/feeds/reconciliation/${item!.id}/discard`,
      { reason: 'Test message from the lab' },
    );
    expect(discard.statusCode).toBe(200);
    expect(await resourceRows(setup.db, tenantId)).toBe(0);
    const { browser: billing } = await clearedBrowser(setup, tenantId, 'billing');
    expect(
      (await billing.request('GET', `/api/practices/${tenantId}/feeds/reconciliation`)).statusCode,
    ).toBe(403);
    const other = await createTestTenant(setup.db);
    expect(
      (await browser.request('GET', `/api/practices/${other.id}/feeds/reconciliation`)).statusCode,
    ).toBe(404);
  });
});
