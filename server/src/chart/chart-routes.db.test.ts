import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { issueTestToken } from '../api-auth/api-auth-test-fixtures.js';
import { chartWithRecords, joinCareTeam, verifyTestLicence } from '../gate/gate-test-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import {
  clearedStaffBrowser,
  createTestUser,
  signedInPatient,
  TestBrowser,
} from '../../test/identity-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

type Listing = { resources: { resourceType: string; id: string }[] };

async function setting() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const chart = await chartWithRecords(db, keyring, tenantId, clock.now());
  const clinician = await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, 'clinician');
  await verifyTestLicence(db, keyring, tenantId, clinician.user.userId, clock.now());
  return { app, clock, tenantId, chart, clinician };
}

/** A person whose own record is `patientId`, signed in. */
async function patientBrowser(
  app: Awaited<ReturnType<typeof setting>>['app'],
  tenantId: string,
  patientId: string,
) {
  return (await signedInPatient(app, db, keyring, tenantId, patientId)).browser;
}

describe('reading records over HTTP through the gate', () => {
  it('a treating clinician opens the chart, and the patient sees that access in who accessed my record', async () => {
    const { app, tenantId, chart, clinician, clock } = await setting();
    await joinCareTeam(db, tenantId, chart.patientId, clinician.user.userId, clock.now());
    const base = `/api/practices/${tenantId}`;
    const list = await clinician.browser.request(
      'GET',
      `${base}/patients/${chart.patientId}/records?type=Observation,Condition`,
    );
    expect(list.statusCode).toBe(200);
    // No sensitive-label grant: the mental-health condition stays out of the list.
    expect(list.json<Listing>().resources.map((r) => r.id)).toEqual([chart.observationId]);
    const one = await clinician.browser.request(
      'GET',
      `${base}/records/Observation/${chart.observationId}`,
    );
    expect(one.statusCode).toBe(200);
    expect(one.headers['cache-control']).toContain('no-store');

    const patient = await patientBrowser(app, tenantId, chart.patientId);
    const accesses = await patient.request('GET', '/api/me/record/accesses');
    const rows = accesses.json<{ accesses: { roles: string[]; action: string; why: string }[] }>();
    expect(
      rows.accesses.some(
        (a) => a.action === 'read' && a.roles.includes('clinician') && a.why === 'TREAT',
      ),
    ).toBe(true);
    expect(rows.accesses.some((a) => a.action === 'search')).toBe(true);
    const words = accesses.json<{ accesses: { description: string; practice: string }[] }>();
    expect(words.accesses.map((a) => a.description)).toContain(
      'viewed your test results for your care',
    );
    expect(words.accesses.every((a) => a.practice === 'Test Practice')).toBe(true);
  });

  it('a visit note and a care plan the clinician writes are shared with the patient, and only with them', async () => {
    const { app, tenantId, chart, clinician, clock } = await setting();
    await joinCareTeam(db, tenantId, chart.patientId, clinician.user.userId, clock.now());
    const { authorization } = await issueTestToken(
      db,
      keyring,
      { staff: { tenantId, userId: clinician.user.userId } },
      { now: clock.now() },
    );
    const subject = { reference: `Patient/${chart.patientId}` };
    const noteText = 'Seen for a cough.\nPlan: fluids and rest; come back if not better in a week.';
    const written = [
      {
        resourceType: 'DocumentReference',
        status: 'current',
        subject,
        author: [{ display: 'Dr Ada Okafor' }],
        content: [
          {
            attachment: {
              contentType: 'text/plain',
              title: 'Visit note',
              data: Buffer.from(noteText, 'utf8').toString('base64'),
            },
          },
        ],
      },
      {
        resourceType: 'CarePlan',
        status: 'active',
        intent: 'plan',
        subject,
        title: 'Cough care plan',
        description: 'Fluids, rest, and a review in one week.',
      },
    ];
    const ids: string[] = [];
    for (const resource of written) {
      const res = await app.inject({
        method: 'POST',
        url: `/fhir/R4/${resource.resourceType}`,
        headers: { authorization, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(resource),
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json<{ id: string }>().id);
    }
    const patient = await patientBrowser(app, tenantId, chart.patientId);
    const shared = await patient.request(
      'GET',
      '/api/me/record/records?type=DocumentReference,CarePlan',
    );
    type Shared = {
      resources: {
        id: string;
        title?: string;
        content?: { attachment: { data: string } }[];
      }[];
    };
    const resources = shared.json<Shared>().resources;
    expect(resources.map((r) => r.id).sort()).toEqual([...ids].sort());
    const note = resources.find((r) => r.id === ids[0]);
    const data = note?.content?.[0]?.attachment.data ?? '';
    expect(Buffer.from(data, 'base64').toString('utf8')).toBe(noteText);
    expect(resources.find((r) => r.id === ids[1])?.title).toBe('Cough care plan');
    // Another patient of the practice sees none of it.
    const other = await chartWithRecords(db, keyring, tenantId, clock.now());
    const stranger = await patientBrowser(app, tenantId, other.patientId);
    const theirs = await stranger.request(
      'GET',
      '/api/me/record/records?type=DocumentReference,CarePlan',
    );
    expect(theirs.json<Shared>().resources.map((r) => r.id)).not.toContain(ids[0]);
    expect(
      (await stranger.request('GET', `/api/me/record/records/CarePlan/${ids[1]}`)).statusCode,
    ).toBe(404);
  });

  it('a clinician breaks the glass with a reason, reads the chart, and the patient sees the emergency access and its reason', async () => {
    const { app, tenantId, chart, clinician } = await setting();
    const record = `/api/practices/${tenantId}/records/Observation/${chart.observationId}`;
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(404);
    const glass = `/api/practices/${tenantId}/patients/${chart.patientId}/break-glass`;
    const refused = await clinician.browser.request('POST', glass, {
      reasonCode: 'emergency_care',
      reason: ' ',
    });
    expect(refused.statusCode).toBe(400);
    const opened = await clinician.browser.request('POST', glass, {
      reasonCode: 'emergency_care',
      reason: 'Unconscious on arrival, needs medication history',
    });
    expect(opened.statusCode).toBe(201);
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(200);
    const patient = await patientBrowser(app, tenantId, chart.patientId);
    const accesses = await patient.request('GET', '/api/me/record/accesses');
    const emergency = accesses
      .json<{
        accesses: {
          action: string;
          breakGlass: boolean;
          breakGlassReason: string | null;
          description: string;
        }[];
      }>()
      .accesses.filter((a) => a.action === 'read' && a.breakGlass);
    expect(emergency).toHaveLength(1);
    expect(emergency[0]?.breakGlassReason).toBe('emergency_care');
    expect(emergency[0]?.description).toContain('reason given: emergency care');
    expect(accesses.body).not.toContain('Unconscious');
  });

  it('an access by a connected system shows in the patient’s list by the system’s name', async () => {
    const { app, tenantId, chart } = await setting();
    const lab = await issueTestToken(
      db,
      keyring,
      { client: { tenantId } },
      { scopes: ['system/Observation.rs'] },
    );
    const read = await app.inject({
      method: 'GET',
      url: `/fhir/R4/Observation/${chart.observationId}`,
      headers: { authorization: lab.authorization },
    });
    expect(read.statusCode).toBe(200);
    const patient = await patientBrowser(app, tenantId, chart.patientId);
    const accesses = await patient.request('GET', '/api/me/record/accesses');
    expect(accesses.statusCode).toBe(200);
    const who = accesses.json<{ accesses: { who: string }[] }>().accesses.map((a) => a.who);
    expect(who).toContain('Test client (connected system)');
  });

  it('a clinician outside the care team finds nothing: 404 by id, an empty search', async () => {
    const { tenantId, chart, clinician } = await setting();
    const base = `/api/practices/${tenantId}`;
    const one = await clinician.browser.request(
      'GET',
      `${base}/records/Observation/${chart.observationId}`,
    );
    expect(one.statusCode).toBe(404);
    expect(one.body).not.toContain('A1c');
    const list = await clinician.browser.request(
      'GET',
      `${base}/patients/${chart.patientId}/records`,
    );
    expect(list.json<Listing>().resources.map((r) => r.resourceType)).toEqual(['Patient']);
  });

  it('a patient reads their own record and gets 404 for another patient’s', async () => {
    const { app, tenantId, chart, clock } = await setting();
    const other = await chartWithRecords(db, keyring, tenantId, clock.now());
    const browser = await patientBrowser(app, tenantId, chart.patientId);
    const mine = await browser.request('GET', '/api/me/record/records?type=Condition');
    expect(mine.json<Listing>().resources.map((r) => r.id)).toEqual([chart.psychConditionId]);
    const theirs = await browser.request(
      'GET',
      `/api/me/record/records/Observation/${other.observationId}`,
    );
    expect(theirs.statusCode).toBe(404);
  });

  it('refuses an unknown resource type or a malformed id with a clear 400', async () => {
    const { tenantId, chart, clinician } = await setting();
    const base = `/api/practices/${tenantId}`;
    const unknown = await clinician.browser.request(
      'GET',
      `${base}/patients/${chart.patientId}/records?type=Spaceship`,
    );
    expect(unknown.statusCode).toBe(400);
    expect(
      unknown.json<{ error: { issues: { location: string }[] } }>().error.issues[0]?.location,
    ).toBe('type');
    const malformed = await clinician.browser.request('GET', `${base}/records/Observation/nope`);
    expect(malformed.statusCode).toBe(400);
  });

  it('staff of another practice get 404, and a signed-out caller 401', async () => {
    const { app, chart, clock } = await setting();
    const elsewhere = (await createTestTenant(db)).id;
    const outsider = await clearedStaffBrowser(app, db, keyring, clock.now, elsewhere, 'clinician');
    const res = await outsider.browser.request(
      'GET',
      `/api/practices/${elsewhere}/records/Observation/${chart.observationId}`,
    );
    expect(res.statusCode).toBe(404);
    const anonymous = new TestBrowser(app);
    expect((await anonymous.request('GET', '/api/me/record/records')).statusCode).toBe(401);
  });
});

describe('care teams', () => {
  it('an administrator adds a clinician, which opens the chart; ending it closes the chart again', async () => {
    const { app, tenantId, chart, clinician, clock } = await setting();
    const admin = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      tenantId,
      'practice_admin',
    );
    const team = `/api/practices/${tenantId}/patients/${chart.patientId}/care-team`;
    const record = `/api/practices/${tenantId}/records/Observation/${chart.observationId}`;
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(404);
    const added = await admin.browser.request('POST', team, { userId: clinician.user.userId });
    expect(added.statusCode).toBe(201);
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(200);
    const listed = await clinician.browser.request('GET', team);
    expect(listed.json<{ members: { userId: string }[] }>().members.map((m) => m.userId)).toEqual([
      clinician.user.userId,
    ]);
    const ended = await admin.browser.request('DELETE', `${team}/${clinician.user.userId}`);
    expect(ended.statusCode).toBe(200);
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(404);
  });

  it('a clinician cannot add themselves; billing staff cannot join a care team', async () => {
    const { app, tenantId, chart, clinician, clock } = await setting();
    const team = `/api/practices/${tenantId}/patients/${chart.patientId}/care-team`;
    const self = await clinician.browser.request('POST', team, { userId: clinician.user.userId });
    expect(self.statusCode).toBe(403);
    const admin = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      tenantId,
      'practice_admin',
    );
    const billing = await createTestUser(db, keyring, { staff: { tenantId, role: 'billing' } });
    const refused = await admin.browser.request('POST', team, { userId: billing.userId });
    expect(refused.statusCode).toBe(400);
    const ghost = await admin.browser.request(
      'POST',
      `/api/practices/${tenantId}/patients/${randomUUID()}/care-team`,
      {
        userId: clinician.user.userId,
      },
    );
    expect(ghost.statusCode).toBe(404);
  });

  it('an administrator grants a sensitive category, which opens labelled records to that clinician', async () => {
    const { app, tenantId, chart, clinician, clock } = await setting();
    await joinCareTeam(db, tenantId, chart.patientId, clinician.user.userId, clock.now());
    const admin = await clearedStaffBrowser(
      app,
      db,
      keyring,
      clock.now,
      tenantId,
      'practice_admin',
    );
    const record = `/api/practices/${tenantId}/records/Condition/${chart.psychConditionId}`;
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(404);
    const set = await admin.browser.request(
      'PUT',
      `/api/practices/${tenantId}/staff/${clinician.user.userId}/sensitive-access`,
      {
        labels: ['PSY'],
      },
    );
    expect(set.statusCode).toBe(200);
    expect((await clinician.browser.request('GET', record)).statusCode).toBe(200);
    const bad = await admin.browser.request(
      'PUT',
      `/api/practices/${tenantId}/staff/${clinician.user.userId}/sensitive-access`,
      {
        labels: ['NOPE'],
      },
    );
    expect(bad.statusCode).toBe(400);
  });
});
