/**
 * The console's calendar (DATA-11): staff read the practice's appointments for a day through the
 * gate, soonest first, with the patient's name and never the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { clearedStaff, joinCareTeam, verifyTestLicence } from '../gate/gate-test-fixtures.js';
import { clearedStaffBrowser } from '../../test/identity-fixtures.js';
import { staffFhirCaller } from '../../test/fhir-caller.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import type { ScheduleEntry } from './practice-schedule.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function practiceWithAppointments() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const deskId = await clearedStaff(db, keyring, tenantId, 'front_desk', clock.now());
  const fhir = await staffFhirCaller(app, db, keyring, { tenantId, userId: deskId }, clock.now());
  const ana = await createTestPatient(db, keyring, tenantId, { birthDate: '1980-02-03' });
  const ben = await createTestPatient(db, keyring, tenantId, { birthDate: '1975-07-08' });
  const book = async (patientId: string, start: string, kind: string) => {
    const res = await fhir('POST', '/Appointment', {
      resourceType: 'Appointment',
      status: 'booked',
      serviceType: [{ text: kind }],
      reasonCode: [{ text: 'Worsening cough' }],
      start,
      end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
      participant: [
        { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
        { actor: { display: 'Ada Okafor, MD' }, status: 'accepted' },
      ],
    });
    expect(res.statusCode).toBe(201);
  };
  await book(ben.id, '2026-12-03T14:00:00Z', 'Follow-up visit');
  await book(ana.id, '2026-12-03T09:00:00Z', 'Check-up');
  await book(ana.id, '2026-12-04T09:00:00Z', 'Check-up');
  const browserOf = async (role: 'front_desk' | 'clinician' | 'billing') =>
    (await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, role)).browser;
  return { app, clock, tenantId, ana, ben, browserOf };
}

const DAY = 'from=2026-12-03T00:00:00.000Z&to=2026-12-04T00:00:00.000Z';

describe('the practice schedule', () => {
  it('lists a day soonest first with names and kinds, never reasons', async () => {
    const s = await practiceWithAppointments();
    const { tenantId, ana, ben } = s;
    const desk = await s.browserOf('front_desk');
    const res = await desk.request('GET', `/api/practices/${tenantId}/schedule?${DAY}`);
    expect(res.statusCode).toBe(200);
    const { appointments } = res.json<{ appointments: ScheduleEntry[] }>();
    expect(appointments.map((a) => [a.start, a.patientId, a.kind, a.with])).toEqual([
      ['2026-12-03T09:00:00Z', ana.id, 'Check-up', ['Ada Okafor, MD']],
      ['2026-12-03T14:00:00Z', ben.id, 'Follow-up visit', ['Ada Okafor, MD']],
    ]);
    expect(appointments.every((a) => a.patientName !== null && a.patientName !== '')).toBe(true);
    expect(res.body).not.toContain('cough');
    // A clinician who treats the patient sees the reason in the chart, never on the day list.
    const { browser: clinician, user } = await clearedStaffBrowser(
      s.app,
      db,
      keyring,
      s.clock.now,
      s.tenantId,
      'clinician',
    );
    await verifyTestLicence(db, keyring, s.tenantId, user.userId, s.clock.now());
    await joinCareTeam(db, s.tenantId, ana.id, user.userId, s.clock.now());
    const theirs = await clinician.request('GET', `/api/practices/${s.tenantId}/schedule?${DAY}`);
    expect(theirs.json<{ appointments: ScheduleEntry[] }>().appointments).toHaveLength(2);
    expect(theirs.body).not.toContain('cough');
  });

  it('shows billing nothing and refuses a span that is backwards or longer than a week', async () => {
    const { tenantId, browserOf } = await practiceWithAppointments();
    const billing = await browserOf('billing');
    const none = await billing.request('GET', `/api/practices/${tenantId}/schedule?${DAY}`);
    expect(none.json<{ appointments: ScheduleEntry[] }>().appointments).toEqual([]);
    const desk = await browserOf('front_desk');
    const base = `/api/practices/${tenantId}/schedule`;
    const backwards = await desk.request(
      'GET',
      `${base}?from=2026-12-04T00:00:00Z&to=2026-12-03T00:00:00Z`,
    );
    const long = await desk.request(
      'GET',
      `${base}?from=2026-12-01T00:00:00Z&to=2026-12-09T00:00:00Z`,
    );
    const garbled = await desk.request('GET', `${base}?from=yesterday&to=2026-12-03T00:00:00Z`);
    expect([backwards.statusCode, long.statusCode, garbled.statusCode]).toEqual([400, 400, 400]);
    const where = (r: typeof long) =>
      r.json<{ error: { issues: { location: string }[] } }>().error.issues[0]?.location;
    expect([where(backwards), where(long)]).toEqual(['/to', '/to']);
  });
});
