import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { TestBrowser } from '../../test/identity-fixtures.js';
import { openTestDatabase, testKeyring } from '../../test/test-database.js';
import { aDisclosure, DAY, disclosureWorld } from './disclosure-test-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

interface StaffReport {
  from: string;
  to: string;
  disclosures: { id: string; description: string; purpose: string; recipient: { name: string } }[];
}

describe('recording and reading disclosures over HTTP', () => {
  it('unauthenticated is refused on every disclosure route', async () => {
    const { app, patient, urlFor, clock } = await disclosureWorld(db, keyring);
    const browser = new TestBrowser(app);
    expect((await browser.request('GET', urlFor(patient.id))).statusCode).toBe(401);
    const post = await browser.request('POST', urlFor(patient.id), aDisclosure(clock.now(), 1));
    expect(post.statusCode).toBe(401);
    expect((await browser.request('GET', '/api/me/record/disclosures')).statusCode).toBe(401);
  });

  it('a privacy officer records a legal disclosure and reads it back in the patient’s accounting, audited', async () => {
    const { officer, officerUser, patient, practice, urlFor, clock } = await disclosureWorld(
      db,
      keyring,
    );
    const body = aDisclosure(clock.now(), 3, {
      purpose: 'legal',
      legalBasis: 'Subpoena duces tecum, case 24-CV-118',
    });
    const created = await officer.request('POST', urlFor(patient.id), body);
    expect(created.statusCode).toBe(201);
    expect(created.headers['cache-control']).toContain('no-store');
    expect(created.json()).toMatchObject({
      patientId: patient.id,
      recordedBy: officerUser.userId,
      disclosedAt: body.disclosedAt,
      purpose: 'legal',
      purposeLabel: 'Required by law (a subpoena, court order or warrant)',
      recipient: body.recipient,
      description: body.description,
      legalBasis: 'Subpoena duces tecum, case 24-CV-118',
    });

    const report = await officer.request('GET', urlFor(patient.id));
    expect(report.statusCode).toBe(200);
    const { disclosures } = report.json<StaffReport>();
    expect(disclosures).toEqual([created.json()]);

    const audit = await db.unsafeKysely
      .selectFrom('audit_entry')
      .select(['action', 'outcome', 'data_category', 'purpose_of_use', 'actor_user_id'])
      .where('tenant_id', '=', practice.id)
      .where('patient_id', '=', patient.id)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'disclosure',
        outcome: 'success',
        purpose_of_use: 'HLEGAL',
      }),
      expect.objectContaining({ action: 'read', outcome: 'allowed', data_category: 'disclosure' }),
    ]);
    expect(audit.every((a) => a.actor_user_id === officerUser.userId)).toBe(true);
  });

  it('the report covers the last six years by default, filters by period, and refuses a start more than six years back', async () => {
    const { officer, patient, urlFor, clock } = await disclosureWorld(db, keyring);
    const now = clock.now();
    const bodies = [7 * 365, 5 * 365, 30, 2].map((daysAgo) => aDisclosure(now, daysAgo));
    for (const body of bodies) {
      expect((await officer.request('POST', urlFor(patient.id), body)).statusCode).toBe(201);
    }
    const [sevenYears, fiveYears, lastMonth, twoDays] = bodies.map((b) => b?.description);

    const all = (await officer.request('GET', urlFor(patient.id))).json<StaffReport>();
    // Newest first; the seven-year-old disclosure is outside the accounting period.
    expect(all.disclosures.map((d) => d.description)).toEqual([twoDays, lastMonth, fiveYears]);
    expect(all.disclosures.map((d) => d.description)).not.toContain(sevenYears);

    const from = new Date(now.getTime() - 60 * DAY).toISOString();
    const to = new Date(now.getTime() - 10 * DAY).toISOString();
    const window = await officer.request('GET', `${urlFor(patient.id)}?from=${from}&to=${to}`);
    expect(window.json<StaffReport>()).toMatchObject({ from, to });
    expect(window.json<StaffReport>().disclosures.map((d) => d.description)).toEqual([lastMonth]);

    const tooOld = new Date(now.getTime() - (6 * 365 + 5) * DAY).toISOString();
    const refused = await officer.request('GET', `${urlFor(patient.id)}?from=${tooOld}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      error: {
        code: 'validation_failed',
        issues: [expect.objectContaining({ location: 'from' }) as unknown],
      },
    });
    const almostSix = new Date(now.getTime() - (6 * 365 - 5) * DAY).toISOString();
    expect(
      (await officer.request('GET', `${urlFor(patient.id)}?from=${almostSix}`)).statusCode,
    ).toBe(200);
    const backwards = await officer.request('GET', `${urlFor(patient.id)}?from=${to}&to=${from}`);
    expect(backwards.statusCode).toBe(400);
  });

  it('only privacy officers read the report; clinicians and administrators may record but not read it', async () => {
    const { staff, patient, urlFor, clock } = await disclosureWorld(db, keyring);
    for (const role of ['clinician', 'practice_admin'] as const) {
      const { browser } = await staff(role);
      const body = aDisclosure(clock.now(), 1, { purpose: 'emergency' });
      expect((await browser.request('POST', urlFor(patient.id), body)).statusCode, role).toBe(201);
      expect((await browser.request('GET', urlFor(patient.id))).statusCode, role).toBe(403);
    }
    for (const role of ['nurse', 'front_desk', 'billing'] as const) {
      const { browser } = await staff(role);
      const body = aDisclosure(clock.now(), 1);
      expect((await browser.request('POST', urlFor(patient.id), body)).statusCode, role).toBe(403);
      expect((await browser.request('GET', urlFor(patient.id))).statusCode, role).toBe(403);
    }
  });

  it('another practice’s staff get 404, and so does an unknown patient or another practice’s patient', async () => {
    const { officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const other = await disclosureWorld(db, keyring);
    const body = aDisclosure(clock.now(), 1);
    // A privacy officer of another practice, naming this practice.
    expect((await other.officer.request('GET', urlFor(patient.id))).statusCode).toBe(404);
    expect((await other.officer.request('POST', urlFor(patient.id), body)).statusCode).toBe(404);
    // Their own practice, this practice's patient.
    const crossed = other.urlFor(patient.id, other.practice.id);
    expect((await other.officer.request('GET', crossed)).statusCode).toBe(404);
    expect((await other.officer.request('POST', crossed, body)).statusCode).toBe(404);
    // This practice, a patient id that does not exist.
    expect((await officer.request('GET', urlFor(randomUUID()))).statusCode).toBe(404);
    expect((await officer.request('POST', urlFor(randomUUID()), body)).statusCode).toBe(404);
    const stored = await db.unsafeKysely
      .selectFrom('disclosure')
      .select('id')
      .where('tenant_id', 'in', [practice.id, other.practice.id])
      .execute();
    expect(stored).toEqual([]);
  });
});
