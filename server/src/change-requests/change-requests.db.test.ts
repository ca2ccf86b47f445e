import { randomUUID } from 'node:crypto';
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import type { StaffRole } from '../identity/roles.js';
import { keysForResources, systemInsertResources } from '../records/system-record-writer.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { clearedStaffBrowser, signedInPatient, TestBrowser } from '../../test/identity-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const MINE = '/api/me/record/self-service';
const ASK = '/api/me/record/change-requests';
const RECORD = '/api/me/record/records/Patient';
const DETAILS = '/api/me/record/details';

interface View {
  id: string;
  status: string;
  requestedAt: string;
  dueBy: string;
  changes: Record<string, unknown>;
  reason: string;
  decisionReason?: string;
  patientId?: string;
  current?: Record<string, unknown>;
}
interface Mine {
  policy: Record<string, string>;
  identity: Record<string, unknown>;
  requests: View[];
  canEdit: boolean;
}

/** A patient whose record holds what the front desk may not see (race, a narrative). */
async function storedPatient(tenantId: string): Promise<Patient & { id: string }> {
  const patient: Patient & { id: string } = {
    resourceType: 'Patient',
    id: randomUUID(),
    extension: [
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
        extension: [{ url: 'text', valueString: 'Asian' }],
      },
    ],
    name: [
      { use: 'official', given: ['Robin', 'Ann'], family: 'Testpatient' },
      { use: 'nickname', given: ['Bobbie'] },
    ],
    gender: 'female',
    birthDate: '1975-04-05',
  };
  const keys = await keysForResources(keyring, tenantId, [patient]);
  await systemTransaction(db, (tx) =>
    systemInsertResources(tx, tenantId, keys, [patient], new Date()),
  );
  return patient;
}

async function setting() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const patient = await storedPatient(tenantId);
  const { browser, person } = await signedInPatient(app, db, keyring, tenantId, patient.id);
  const staff = (role: StaffRole) =>
    clearedStaffBrowser(app, db, keyring, clock.now, tenantId, role).then((s) => s.browser);
  const queue = `/api/practices/${tenantId}/change-requests`;
  return { app, clock, tenantId, patient, browser, person, staff, queue };
}

const NEW_NAME = { name: { givenNames: ['Robin'], familyName: 'Newname' } };

describe('change requests: name, birth date and gender (DATA-1, RIGHT-3)', () => {
  it('a patient asks to change their name; the front desk accepts it, and the old name is kept as old', async () => {
    const { clock, tenantId, patient, browser, person, staff, queue } = await setting();
    const before = (await browser.request('GET', MINE)).json<Mine>();
    expect(before).toEqual({
      policy: {
        contact: 'self',
        address: 'self',
        emergencyContacts: 'self',
        language: 'self',
        name: 'request',
        birthDate: 'request',
        gender: 'request',
      },
      identity: {
        givenNames: ['Robin', 'Ann'],
        familyName: 'Testpatient',
        birthDate: '1975-04-05',
        gender: 'female',
      },
      requests: [],
      canEdit: true,
    });

    const asked = await browser.request('POST', ASK, {
      changes: { ...NEW_NAME, gender: 'other' },
      reason: 'I married and use my new name.',
    });
    expect(asked.statusCode).toBe(201);
    const request = asked.json<View>();
    expect(request).toMatchObject({
      status: 'requested',
      changes: { ...NEW_NAME, gender: 'other' },
      reason: 'I married and use my new name.',
    });
    // Answered within 30 days (RIGHT-8).
    const due = Date.parse(request.dueBy) - Date.parse(request.requestedAt);
    expect(due).toBe(30 * 86_400_000);
    expect((await browser.request('GET', MINE)).json<Mine>().requests).toEqual([request]);

    const desk = await staff('front_desk');
    const open = (await desk.request('GET', queue)).json<{ requests: View[] }>().requests;
    expect(open).toEqual([
      {
        ...request,
        patientId: patient.id,
        current: before.identity,
      },
    ]);

    clock.advance(60_000);
    const accepted = await desk.request('POST', `${queue}/${request.id}/decision`, {
      decision: 'accept',
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<View>()).toMatchObject({
      status: 'accepted',
      current: { givenNames: ['Robin'], familyName: 'Newname', gender: 'other' },
    });
    expect((await desk.request('GET', queue)).json()).toEqual({ requests: [] });

    // The Patient changed once; the replaced name is kept as old, the nickname and what the
    // desk could not see (the race extension) are untouched.
    const stored = (await browser.request('GET', `${RECORD}/${patient.id}`)).json<Patient>();
    expect(stored.meta?.versionId).toBe('2');
    expect(stored.gender).toBe('other');
    expect(stored.birthDate).toBe('1975-04-05');
    expect(stored.extension).toEqual(patient.extension);
    expect(stored.name).toEqual([
      {
        use: 'official',
        given: ['Robin'],
        family: 'Newname',
        period: { start: clock.now().toISOString() },
      },
      { use: 'nickname', given: ['Bobbie'] },
      {
        use: 'old',
        given: ['Robin', 'Ann'],
        family: 'Testpatient',
        period: { end: clock.now().toISOString() },
      },
    ]);
    const mine = (await browser.request('GET', MINE)).json<Mine>();
    expect(mine.identity).toMatchObject({ givenNames: ['Robin'], familyName: 'Newname' });
    expect(mine.requests[0]).toMatchObject({
      status: 'accepted',
      decidedAt: clock.now().toISOString(),
    });

    // Every step is an audited access of the patient's record, by whom it was done.
    const audited = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['actor_user_id', 'action', 'resource_type', 'outcome'])
        .where('action', 'in', ['create', 'update'])
        .execute(),
    );
    const steps = audited.map((a) => [
      a.actor_user_id === person.userId,
      a.action,
      a.resource_type,
    ]);
    expect(steps).toHaveLength(3);
    expect(steps).toEqual(
      expect.arrayContaining([
        [true, 'create', 'Task'],
        [false, 'update', 'Patient'],
        [false, 'update', 'Task'],
      ]),
    );
    expect(audited.every((a) => a.outcome === 'allowed')).toBe(true);
  });

  it('a decline needs a reason the patient reads; answered and withdrawn requests stay closed', async () => {
    const { browser, staff, queue } = await setting();
    const first = (
      await browser.request('POST', ASK, {
        changes: { birthDate: '1975-05-04' },
        reason: 'Day and month are swapped.',
      })
    ).json<View>();
    const desk = await staff('nurse');
    const noReason = await desk.request('POST', `${queue}/${first.id}/decision`, {
      decision: 'decline',
    });
    expect(noReason.statusCode).toBe(400);
    const declined = await desk.request('POST', `${queue}/${first.id}/decision`, {
      decision: 'decline',
      reason: 'Your birth certificate says 5 April. Bring it to the desk if that is wrong.',
    });
    expect(declined.json<View>()).toMatchObject({ status: 'declined' });
    const again = await desk.request('POST', `${queue}/${first.id}/decision`, {
      decision: 'accept',
    });
    expect(again.statusCode).toBe(409);
    expect((await browser.request('GET', MINE)).json<Mine>()).toMatchObject({
      identity: { birthDate: '1975-04-05' },
      requests: [
        {
          status: 'declined',
          decisionReason:
            'Your birth certificate says 5 April. Bring it to the desk if that is wrong.',
        },
      ],
    });

    // A new request may follow an answered one; a withdrawn one cannot be accepted.
    const second = (
      await browser.request('POST', ASK, { changes: { gender: 'male' }, reason: 'Updated.' })
    ).json<View>();
    const withdrawn = await browser.request('POST', `${ASK}/${second.id}/withdraw`);
    expect(withdrawn.json<View>()).toMatchObject({ status: 'withdrawn' });
    expect((await browser.request('POST', `${ASK}/${second.id}/withdraw`)).statusCode).toBe(409);
    const late = await desk.request('POST', `${queue}/${second.id}/decision`, {
      decision: 'accept',
    });
    expect(late.statusCode).toBe(409);
    expect((await browser.request('GET', MINE)).json<Mine>().identity).toMatchObject({
      gender: 'female',
    });
  });

  it('refuses in plain words what cannot be requested, and stores nothing', async () => {
    const { browser, patient } = await setting();
    const cases: [unknown, number][] = [
      [{ changes: {}, reason: 'Nothing.' }, 400],
      [{ changes: NEW_NAME }, 400],
      [{ changes: NEW_NAME, reason: '   ' }, 400],
      [{ changes: { birthDate: '2999-01-01' }, reason: 'Future.' }, 400],
      [{ changes: { birthDate: '1975-02-30' }, reason: 'No such day.' }, 400],
      [{ changes: { birthDate: '5 April 1975' }, reason: 'Words.' }, 400],
      [{ changes: { birthDate: '0001-01-01' }, reason: 'Too long ago.' }, 400],
      [{ changes: { gender: 'robot' }, reason: 'Not a code.' }, 400],
      [{ changes: { gender: 'female' }, reason: 'Already so.' }, 400],
      [{ changes: { ...NEW_NAME, identifier: 'x' }, reason: 'Extra field.' }, 400],
      [{ changes: { name: { givenNames: [], familyName: 'X' } }, reason: 'No given.' }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await browser.request('POST', ASK, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message).toBeTruthy();
    }
    const unchanged = await browser.request('POST', ASK, {
      changes: { gender: 'female' },
      reason: 'Already so.',
    });
    expect(unchanged.json<{ error: { issues: unknown[] } }>().error.issues).toEqual([
      { location: '/changes/gender', message: 'is what the record holds' },
    ]);
    expect((await browser.request('GET', MINE)).json<Mine>().requests).toEqual([]);
    const record = (await browser.request('GET', `${RECORD}/${patient.id}`)).json<Patient>();
    expect(record.meta?.versionId).toBe('1');

    // One at a time: a second request while one waits is a conflict.
    expect(
      (await browser.request('POST', ASK, { changes: NEW_NAME, reason: 'x' })).statusCode,
    ).toBe(201);
    const second = await browser.request('POST', ASK, {
      changes: { gender: 'male' },
      reason: 'y',
    });
    expect(second.statusCode).toBe(409);
    expect((await browser.request('GET', MINE)).json<Mine>().requests).toHaveLength(1);
  });

  it('two requests sent at once: one is stored, the other told one is waiting', async () => {
    const { browser } = await setting();
    const sent = await Promise.all([
      browser.request('POST', ASK, { changes: NEW_NAME, reason: 'First tab.' }),
      browser.request('POST', ASK, { changes: { gender: 'other' }, reason: 'Second tab.' }),
    ]);
    expect(sent.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const { requests } = (await browser.request('GET', MINE)).json<Mine>();
    expect(requests).toHaveLength(1);
    expect(requests[0]?.status).toBe('requested');
  });

  it('only the roles the table names see and answer requests; nothing changes on a refusal', async () => {
    const { patient, browser, staff, queue } = await setting();
    const request = (
      await browser.request('POST', ASK, { changes: NEW_NAME, reason: 'Married.' })
    ).json<View>();
    const decide = `${queue}/${request.id}/decision`;

    for (const role of ['privacy_officer', 'practice_admin'] as const) {
      const reader = await staff(role);
      const seen = (await reader.request('GET', queue)).json<{ requests: View[] }>().requests;
      expect(
        seen.map((r) => r.id),
        role,
      ).toEqual([request.id]);
      const refused = await reader.request('POST', decide, { decision: 'accept' });
      expect(refused.statusCode, role).toBe(403);
    }
    // Billing has no `requests` row: it finds none, and cannot reach one by its id.
    const billing = await staff('billing');
    expect((await billing.request('GET', queue)).json()).toEqual({ requests: [] });
    expect((await billing.request('POST', decide, { decision: 'accept' })).statusCode).toBe(404);

    const stored = (await browser.request('GET', `${RECORD}/${patient.id}`)).json<Patient>();
    expect(stored.meta?.versionId).toBe('1');
    expect((await browser.request('GET', MINE)).json<Mine>().requests[0]?.status).toBe('requested');

    // A request id that is no request (the Patient's own id) is not found.
    const desk = await staff('front_desk');
    const wrong = await desk.request('POST', `${queue}/${patient.id}/decision`, {
      decision: 'accept',
    });
    expect(wrong.statusCode).toBe(404);
  });
});

describe('change requests: who may reach them', () => {
  it('needs a signed-in person; another practice reaches nothing; a note on accepting reaches the patient', async () => {
    const { app, browser, staff, queue, clock } = await setting();
    const request = (
      await browser.request('POST', ASK, { changes: NEW_NAME, reason: 'Married.' })
    ).json<View>();
    const decide = `${queue}/${request.id}/decision`;
    const nobody = new TestBrowser(app);
    const valid = { changes: NEW_NAME, reason: 'x' };
    for (const [method, url, body] of [
      ['GET', MINE, undefined],
      ['POST', ASK, valid],
      ['POST', `${ASK}/${request.id}/withdraw`, undefined],
      ['GET', queue, undefined],
      ['POST', decide, { decision: 'accept' }],
    ] as const) {
      expect((await nobody.request(method, url, body)).statusCode, url).toBe(401);
    }

    // Front desk of another practice: our practice is not found for them, and the request's id
    // means nothing in their own.
    const elsewhere = (await createTestTenant(db)).id;
    const { browser: other } = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      elsewhere,
      'front_desk',
    );
    expect((await other.request('GET', queue)).statusCode).toBe(404);
    expect((await other.request('POST', decide, { decision: 'accept' })).statusCode).toBe(404);
    const theirQueue = `/api/practices/${elsewhere}/change-requests`;
    expect((await other.request('GET', theirQueue)).json()).toEqual({ requests: [] });
    const crossed = await other.request('POST', `${theirQueue}/${request.id}/decision`, {
      decision: 'accept',
    });
    expect(crossed.statusCode).toBe(404);

    const desk = await staff('front_desk');
    const accepted = await desk.request('POST', decide, {
      decision: 'accept',
      reason: 'Checked against your marriage certificate.',
    });
    expect(accepted.json<View>()).toMatchObject({
      status: 'accepted',
      decisionReason: 'Checked against your marriage certificate.',
    });
    expect((await browser.request('GET', MINE)).json<Mine>().requests[0]).toMatchObject({
      status: 'accepted',
      decisionReason: 'Checked against your marriage certificate.',
    });
  });
});

describe("the practice's self-service policy (DATA-1: editable where the practice allows)", () => {
  it('the practice administrator sets it, audited; patients change only what it leaves them', async () => {
    const { tenantId, browser, staff } = await setting();
    const url = `/api/practices/${tenantId}/self-service`;
    const admin = await staff('practice_admin');
    const desk = await staff('front_desk');
    const policy = {
      contact: 'self',
      address: 'practice',
      emergencyContacts: 'self',
      language: 'self',
      name: 'practice',
      birthDate: 'request',
      gender: 'request',
    };
    expect((await desk.request('PUT', url, policy)).statusCode).toBe(403);
    expect((await admin.request('PUT', url, { ...policy, name: 'self' })).statusCode).toBe(400);
    expect((await admin.request('PUT', url, policy)).json()).toEqual(policy);
    expect((await desk.request('GET', url)).json()).toEqual(policy);
    expect((await browser.request('GET', MINE)).json<Mine>().policy).toEqual(policy);
    const configured = await tenantTransaction(db, tenantId, (tx) =>
      tx
        .selectFrom('audit_entry')
        .select(['action', 'reason_code'])
        .where('action', '=', 'config_change')
        .execute(),
    );
    expect(configured).toEqual([{ action: 'config_change', reason_code: 'self_service_policy' }]);

    // The address is the practice's now: a change to it is refused, other changes pass.
    const address = { line: ['1 New Road'], city: 'Springfield' };
    const moved = await browser.request('PUT', DETAILS, {
      phones: [],
      emergencyContacts: [],
      address,
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json<{ error: { issues: unknown[] } }>().error.issues).toEqual([
      { location: '/address', message: 'is changed by the practice only' },
    ]);
    const phoned = await browser.request('PUT', DETAILS, {
      phones: [{ use: 'mobile', value: '555-0101' }],
      emergencyContacts: [],
    });
    expect(phoned.statusCode).toBe(200);

    // The name is changed at the desk only; a birth date may still be asked for.
    const named = await browser.request('POST', ASK, { changes: NEW_NAME, reason: 'Married.' });
    expect(named.statusCode).toBe(400);
    expect(named.json<{ error: { issues: unknown[] } }>().error.issues).toEqual([
      { location: '/changes/name', message: 'is changed by the practice at the desk only' },
    ]);
    const born = await browser.request('POST', ASK, {
      changes: { birthDate: '1975-04-06' },
      reason: 'Off by one day.',
    });
    expect(born.statusCode).toBe(201);
  });
});
