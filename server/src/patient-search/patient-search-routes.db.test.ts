import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAuditLog } from '../audit/audit-report.js';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import type { StaffRole } from '../identity/roles.js';
import { keysForResources, systemInsertResources } from '../records/system-record-writer.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { clearedStaffBrowser, TestBrowser } from '../../test/identity-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

type Found = { patients: { id: string; name: string; birthDate?: string; mrn?: string }[] };
type Failed = { error: { code: string; message: string; issues: { location: string }[] } };

/** A patient with a practice MRN, stored sealed and indexed like real records. */
async function storePatient(
  tenantId: string,
  fields: { given: string; family: string; birthDate: string; mrn: string },
): Promise<string> {
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id: randomUUID(),
    identifier: [{ system: 'urn:haven:mrn', value: fields.mrn }],
    name: [{ use: 'official', given: [fields.given], family: fields.family }],
    gender: 'female',
    birthDate: fields.birthDate,
    telecom: [{ system: 'phone', value: '617-555-0100' }],
  };
  const keys = await keysForResources(keyring, tenantId, [patient]);
  await systemTransaction(db, (tx) =>
    systemInsertResources(tx, tenantId, keys, [patient], new Date()),
  );
  return patient.id;
}

async function setting() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const robin = await storePatient(tenantId, {
    given: 'Robin',
    family: 'Smithson',
    birthDate: '1980-02-03',
    mrn: 'MRN-000101',
  });
  const alex = await storePatient(tenantId, {
    given: 'Alex',
    family: 'Smith',
    birthDate: '1975-06-07',
    mrn: 'MRN-000102',
  });
  const mei = await storePatient(tenantId, {
    given: 'Mei',
    family: 'Li',
    birthDate: '1990-01-01',
    mrn: 'MRN-000103',
  });
  // The same person's details in another practice: never an answer here.
  const elsewhere = (await createTestTenant(db)).id;
  const twin = await storePatient(elsewhere, {
    given: 'Robin',
    family: 'Smithson',
    birthDate: '1980-02-03',
    mrn: 'MRN-000101',
  });
  const staff = (role: StaffRole, tenant = tenantId) =>
    clearedStaffBrowser(app, db, keyring, clock.now, tenant, role);
  const search = (browser: TestBrowser, query: Record<string, string>, tenant = tenantId) =>
    browser.request(
      'GET',
      `/api/practices/${tenant}/patients?${new URLSearchParams(query).toString()}`,
    );
  const ids = async (browser: TestBrowser, query: Record<string, string>) => {
    const res = await search(browser, query);
    expect(res.statusCode).toBe(200);
    return res
      .json<Found>()
      .patients.map((p) => p.id)
      .sort();
  };
  return { app, tenantId, elsewhere, robin, alex, mei, twin, staff, search, ids };
}

describe('staff patient search', () => {
  it('finds by the start of a family or given name, in any order, commas allowed', async () => {
    const { robin, alex, mei, staff, ids } = await setting();
    // This clinician treats no one: finding a patient (to break the glass) needs no care
    // relationship, since demographics are not clinical data.
    const { browser } = await staff('clinician');
    expect(await ids(browser, { name: 'smi' })).toEqual([robin, alex].sort());
    expect(await ids(browser, { name: 'Smithson, Rob' })).toEqual([robin]);
    expect(await ids(browser, { name: 'rob smi' })).toEqual([robin]);
    expect(await ids(browser, { name: 'Li' })).toEqual([mei]);
    expect(await ids(browser, { name: 'nobody' })).toEqual([]);
  });

  it('finds by date of birth and by MRN, and answers only what picking a patient needs', async () => {
    const { robin, alex, staff, search, ids } = await setting();
    const { browser } = await staff('clinician');
    expect(await ids(browser, { birthDate: '1980-02-03' })).toEqual([robin]);
    expect(await ids(browser, { mrn: 'MRN-000102' })).toEqual([alex]);
    expect(await ids(browser, { name: 'smi', birthDate: '1975-06-07' })).toEqual([alex]);
    const res = await search(browser, { mrn: 'MRN-000101' });
    expect(res.json()).toEqual({
      patients: [
        {
          id: robin,
          name: 'Robin Smithson',
          birthDate: '1980-02-03',
          gender: 'female',
          mrn: 'MRN-000101',
        },
      ],
      more: false,
    });
    // The whole phone number: a random patient id may hold '555' by chance (0.7 % of runs).
    expect(res.body).not.toContain('617-555-0100');
    expect(res.headers['cache-control']).toContain('no-store');
  });

  it('never finds a patient of another practice, and another practice’s staff get 404', async () => {
    const { elsewhere, robin, twin, staff, search, ids } = await setting();
    const { browser } = await staff('front_desk');
    const found = await ids(browser, { name: 'Robin Smithson', birthDate: '1980-02-03' });
    expect(found).toEqual([robin]);
    expect(found).not.toContain(twin);
    const outsider = await staff('clinician', elsewhere);
    const res = await search(outsider.browser, { name: 'smi' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(robin);
  });

  it('refuses a malformed search with a 400 in plain words, naming the field', async () => {
    const { staff, search } = await setting();
    const { browser } = await staff('clinician');
    const cases: [Record<string, string>, string][] = [
      [{ birthDate: '1980-13-45' }, 'birthDate'],
      [{ birthDate: '03/02/1980' }, 'birthDate'],
      [{ name: 'ro sm' }, 'name'],
      [{ mrn: 'MRN-1,MRN-2' }, 'mrn'],
      [{ name: ' ' }, 'query'],
      [{}, 'query'],
    ];
    for (const [query, field] of cases) {
      const res = await search(browser, query);
      expect(res.statusCode, JSON.stringify(query)).toBe(400);
      const { error } = res.json<Failed>();
      expect(error.code).toBe('validation_failed');
      expect(error.issues[0]?.location).toBe(field);
      expect(error.message).toMatch(/^[A-Z][^{}]+\.$/);
      for (const value of Object.values(query)) {
        if (value.trim()) expect(res.body).not.toContain(value);
      }
    }
    expect((await search(browser, { name: 'x'.repeat(101) })).statusCode).toBe(400);
  });

  it('front desk, billing and privacy officers find patients by what the gate lets them see; researchers find none', async () => {
    const { robin, staff, search, ids } = await setting();
    for (const role of ['front_desk', 'billing', 'privacy_officer', 'practice_admin'] as const) {
      const { browser } = await staff(role);
      const res = await search(browser, { mrn: 'MRN-000101' });
      expect(res.json<Found>().patients, role).toEqual([
        expect.objectContaining({ id: robin, name: 'Robin Smithson', birthDate: '1980-02-03' }),
      ]);
    }
    const researcher = await staff('researcher');
    expect(await ids(researcher.browser, { name: 'smi' })).toEqual([]);
  });

  it('a signed-out caller gets 401 whatever they send', async () => {
    const { app, tenantId } = await setting();
    const anonymous = new TestBrowser(app);
    const res = await anonymous.request(
      'GET',
      `/api/practices/${tenantId}/patients?birthDate=nonsense`,
    );
    expect(res.statusCode).toBe(401);
  });

  it('audits every search: each patient found, and a search that found no one', async () => {
    const { tenantId, robin, alex, staff, search } = await setting();
    const clinician = await staff('clinician');
    await search(clinician.browser, { name: 'smi' });
    await search(clinician.browser, { name: 'nobody' });
    const researcher = await staff('researcher');
    await search(researcher.browser, { mrn: 'MRN-000101' });
    const entries = await tenantTransaction(db, tenantId, (tx) =>
      searchAuditLog(tx, { action: 'search', sortDir: 'asc' }),
    );
    const summary = entries.rows.map((r) => ({
      actor: r.actorUserId,
      patientId: r.patientId,
      outcome: r.outcome,
      resourceType: r.resourceType,
    }));
    const mine = summary.filter((s) => s.actor === clinician.user.userId);
    expect(mine).toEqual(
      expect.arrayContaining([
        {
          actor: clinician.user.userId,
          patientId: robin,
          outcome: 'allowed',
          resourceType: 'Patient',
        },
        {
          actor: clinician.user.userId,
          patientId: alex,
          outcome: 'allowed',
          resourceType: 'Patient',
        },
        {
          actor: clinician.user.userId,
          patientId: null,
          outcome: 'allowed',
          resourceType: 'Patient',
        },
      ]),
    );
    expect(summary.filter((s) => s.actor === researcher.user.userId)).toEqual([
      {
        actor: researcher.user.userId,
        patientId: robin,
        outcome: 'denied',
        resourceType: 'Patient',
      },
    ]);
  });
});
