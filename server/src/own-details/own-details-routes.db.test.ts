import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { signedInPatient, TestBrowser } from '../../test/identity-fixtures.js';
import { createTestPatient } from '../../test/patient-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const URL = '/api/me/record/details';
const RECORD = '/api/me/record/records/Patient';

const DETAILS = {
  phones: [{ use: 'mobile', value: '+1 555 010 2030' }],
  email: 'robin@example.org',
  address: {
    line: ['12 Elm Street', 'Apt 3'],
    city: 'Springfield',
    state: 'IL',
    postalCode: '62701',
  },
  emergencyContacts: [{ name: 'Sam Testpatient', relationship: 'Partner', phone: '555-0100' }],
  preferredLanguage: 'es',
};

async function setting() {
  const { app } = await buildTestApp(db, { clock: new TestClock() });
  const tenantId = (await createTestTenant(db)).id;
  const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1975-04-05' });
  const { browser, person } = await signedInPatient(app, db, keyring, tenantId, patient.id);
  return { app, tenantId, patient, browser, person };
}

describe('my contact details', () => {
  it('a patient changes their own phones, email, address, emergency contacts and language, and nothing else', async () => {
    const { patient, browser, tenantId, person } = await setting();
    expect((await browser.request('GET', URL)).json()).toEqual({
      phones: [],
      emergencyContacts: [],
    });

    const saved = await browser.request('PUT', URL, DETAILS);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual(DETAILS);
    expect((await browser.request('GET', URL)).json()).toEqual(DETAILS);

    // A new version of the same Patient: name and birth date exactly as the practice keeps them.
    const stored = (await browser.request('GET', `${RECORD}/${patient.id}`)).json<Patient>();
    expect(stored.meta?.versionId).toBe('2');
    expect(stored.name).toEqual(patient.name);
    expect(stored.birthDate).toBe('1975-04-05');
    expect(stored.contact?.[0]?.relationship?.[0]?.coding?.[0]).toMatchObject({ code: 'C' });

    // The change is audited as the patient's update of their own record.
    const audited = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['actor_user_id', 'patient_id', 'action', 'resource_type', 'outcome'])
        .where('action', '=', 'update')
        .execute(),
    );
    expect(audited).toEqual([
      {
        actor_user_id: person.userId,
        patient_id: patient.id,
        action: 'update',
        resource_type: 'Patient',
        outcome: 'allowed',
      },
    ]);

    // Emptying a field removes it (FHIR has no empty arrays), keeping the rest.
    const cleared = await browser.request('PUT', URL, { phones: [], emergencyContacts: [] });
    expect(cleared.json()).toEqual({ phones: [], emergencyContacts: [] });
    const after = (await browser.request('GET', `${RECORD}/${patient.id}`)).json<Patient>();
    expect(after.telecom).toBeUndefined();
    expect(after.name).toEqual(patient.name);
  });

  it('refuses bad input in plain words and stores nothing', async () => {
    const { patient, browser } = await setting();
    await browser.request('PUT', URL, DETAILS);
    for (const bad of [
      { ...DETAILS, name: [{ family: 'Changed' }] },
      { ...DETAILS, birthDate: '2001-01-01' },
      { ...DETAILS, phones: [{ use: 'mobile', value: 'call me maybe' }] },
      { ...DETAILS, email: 'not-an-email' },
      { ...DETAILS, emergencyContacts: [{ name: ' ', relationship: 'x', phone: '555-0100' }] },
      { ...DETAILS, preferredLanguage: 'Spanish' },
      { phones: [] },
    ]) {
      const res = await browser.request('PUT', URL, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toBeTruthy();
    }
    const stored = (await browser.request('GET', `${RECORD}/${patient.id}`)).json<Patient>();
    expect(stored.meta?.versionId).toBe('2');
    expect((await browser.request('GET', URL)).json()).toEqual(DETAILS);
  });

  it('needs a signed-in person with a record open', async () => {
    const { app } = await setting();
    const nobody = new TestBrowser(app);
    expect((await nobody.request('GET', URL)).statusCode).toBe(401);
    expect((await nobody.request('PUT', URL, DETAILS)).statusCode).toBe(401);
  });
});
