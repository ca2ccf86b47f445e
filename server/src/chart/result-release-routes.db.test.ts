import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { createTestUser, signedInPatient, TestBrowser } from '../../test/identity-fixtures.js';
import { createTestPatient } from '../../test/patient-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const URL = '/api/me/record/result-release';

describe('choosing to see some results later', () => {
  it('a patient sees no delay by default, chooses one, and the choice is sealed and audited', async () => {
    const { app } = await buildTestApp(db, { clock: new TestClock() });
    const tenantId = (await createTestTenant(db)).id;
    const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1975-04-05' });
    const { browser, person } = await signedInPatient(app, db, keyring, tenantId, patient.id);
    expect((await browser.request('GET', URL)).json()).toEqual({
      categories: [],
      codes: [],
      delayHours: 0,
    });
    const chosen = { categories: ['PAT'], codes: ['21612-7'], delayHours: 72 };
    expect((await browser.request('PUT', URL, chosen)).statusCode).toBe(200);
    expect((await browser.request('GET', URL)).json()).toEqual(chosen);
    const rows = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('result_release_preference').selectAll().execute(),
    );
    expect(Buffer.from(rows[0]!.preference_sealed).toString('latin1')).not.toContain('21612-7');
    const audited = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['actor_user_id', 'patient_id'])
        .where('reason_code', '=', 'result_release_preference')
        .execute(),
    );
    expect(audited).toEqual([{ actor_user_id: person.userId, patient_id: patient.id }]);
  });

  it('refuses a delay without a length, malformed codes and unknown fields, changing nothing', async () => {
    const { app } = await buildTestApp(db, { clock: new TestClock() });
    const tenantId = (await createTestTenant(db)).id;
    const patient = await createTestPatient(db, keyring, tenantId, { birthDate: '1975-04-05' });
    const { browser } = await signedInPatient(app, db, keyring, tenantId, patient.id);
    for (const bad of [
      { categories: ['PAT'], codes: [], delayHours: 0 },
      { categories: [], codes: ['not-loinc'], delayHours: 24 },
      { categories: [], codes: [], delayHours: 24, extra: true },
      { categories: ['PAT'], codes: [], delayHours: 99999 },
    ]) {
      const res = await browser.request('PUT', URL, bad);
      expect(res.statusCode).toBe(400);
    }
    expect((await browser.request('GET', URL)).json()).toMatchObject({ delayHours: 0 });
  });

  it('needs a record of one’s own and a signed-in person', async () => {
    const { app } = await buildTestApp(db, { clock: new TestClock() });
    const nobody = new TestBrowser(app);
    expect((await nobody.request('GET', URL)).statusCode).toBe(401);
    const stranger = new TestBrowser(app);
    await stranger.signIn(await createTestUser(db, keyring));
    expect((await stranger.request('GET', URL)).statusCode).toBe(404);
  });
});
