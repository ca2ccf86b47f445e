import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { createTestUser, TestBrowser } from '../../test/identity-fixtures.js';
import { openTestDatabase, testKeyring } from '../../test/test-database.js';
import { birthDateForAge, createTestPatient } from '../../test/patient-fixtures.js';
import {
  aDisclosure,
  DAY,
  disclosureWorld,
  patientBrowser,
  proxyBrowser,
} from './disclosure-test-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

const ME = '/api/me/record/disclosures';

describe('a patient’s own accounting of disclosures', () => {
  it('a patient reads their own disclosures in plain language, never another patient’s, and the read is audited', async () => {
    const { app, officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const neighbour = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(33),
    });
    const mine = aDisclosure(clock.now(), 4, {
      purpose: 'public_health',
      legalBasis: 'State notifiable disease reporting rule',
    });
    const theirs = aDisclosure(clock.now(), 2);
    expect((await officer.request('POST', urlFor(patient.id), mine)).statusCode).toBe(201);
    expect((await officer.request('POST', urlFor(neighbour.id), theirs)).statusCode).toBe(201);

    const { browser, person } = await patientBrowser(app, db, keyring, practice.id, patient.id);
    const res = await browser.request('GET', ME);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ disclosures: unknown[] }>().disclosures).toEqual([
      {
        date: mine.disclosedAt,
        recipient: `${mine.recipient.name}, Riverside Cardiology, 12 Harbour Lane, Springfield`,
        whatWasDisclosed: mine.description,
        purpose: 'Reported to a public health authority',
        legalBasis: 'State notifiable disease reporting rule',
      },
    ]);
    expect(res.body).not.toContain(theirs.description);
    expect(res.body).not.toContain(theirs.recipient.name);

    const reads = await db.unsafeKysely
      .selectFrom('audit_entry')
      .select(['patient_id', 'action', 'purpose_of_use', 'on_behalf_of_user_id'])
      .where('tenant_id', '=', practice.id)
      .where('actor_user_id', '=', person.userId)
      .where('data_category', '=', 'disclosure')
      .execute();
    expect(reads).toEqual([
      {
        patient_id: patient.id,
        action: 'read',
        purpose_of_use: 'PATRQT',
        on_behalf_of_user_id: null,
      },
    ]);
  });

  it('a patient’s report filters by period, refuses more than six years back, and is empty before any disclosure', async () => {
    const { app, officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const { browser } = await patientBrowser(app, db, keyring, practice.id, patient.id);
    const empty = await browser.request('GET', ME);
    expect(empty.statusCode).toBe(200);
    expect(empty.json<{ disclosures: unknown[] }>().disclosures).toEqual([]);

    const old = aDisclosure(clock.now(), 400);
    const recent = aDisclosure(clock.now(), 5, { purpose: 'emergency' });
    for (const body of [old, recent]) {
      expect((await officer.request('POST', urlFor(patient.id), body)).statusCode).toBe(201);
    }
    const from = new Date(clock.now().getTime() - 30 * DAY).toISOString();
    const window = await browser.request('GET', `${ME}?from=${from}`);
    expect(window.json<{ disclosures: { purpose: string }[] }>().disclosures).toEqual([
      expect.objectContaining({ whatWasDisclosed: recent.description, purpose: 'In an emergency' }),
    ]);
    const tooOld = new Date(clock.now().getTime() - 7 * 365 * DAY).toISOString();
    const refused = await browser.request('GET', `${ME}?from=${tooOld}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { issues: [{ location: 'from' }] } });
  });

  it('a proxy with read access sees the report, audited on the patient’s behalf; without read, or with no record, 404', async () => {
    const { app, officer, patient, practice, urlFor, clock } = await disclosureWorld(db, keyring);
    const owner = await patientBrowser(app, db, keyring, practice.id, patient.id);
    const body = aDisclosure(clock.now(), 3);
    expect((await officer.request('POST', urlFor(patient.id), body)).statusCode).toBe(201);
    const grant = { tenantId: practice.id, patientId: patient.id, grantedBy: owner.person.userId };

    const reader = await proxyBrowser(app, db, keyring, { ...grant, scopes: ['read'] });
    const res = await reader.browser.request('GET', ME);
    expect(res.statusCode).toBe(200);
    expect(res.json<{ disclosures: { whatWasDisclosed: string }[] }>().disclosures).toEqual([
      expect.objectContaining({ whatWasDisclosed: body.description }),
    ]);
    const audited = await db.unsafeKysely
      .selectFrom('audit_entry')
      .select(['patient_id', 'on_behalf_of_user_id'])
      .where('tenant_id', '=', practice.id)
      .where('actor_user_id', '=', reader.proxy.userId)
      .where('data_category', '=', 'disclosure')
      .execute();
    expect(audited).toEqual([
      { patient_id: patient.id, on_behalf_of_user_id: reader.proxy.userId },
    ]);

    const biller = await proxyBrowser(app, db, keyring, { ...grant, scopes: ['billing'] });
    expect((await biller.browser.request('GET', ME)).statusCode).toBe(404);
    const nobody = new TestBrowser(app);
    await nobody.signIn(await createTestUser(db, keyring));
    expect((await nobody.request('GET', ME)).statusCode).toBe(404);
  });

  it('a guardian of a teenager, whose access hides confidential categories, is refused the list with a clear 403', async () => {
    const { app, officer, practice, urlFor, clock, officerUser } = await disclosureWorld(
      db,
      keyring,
    );
    const teen = await createTestPatient(db, keyring, practice.id, {
      birthDate: birthDateForAge(15),
    });
    const body = aDisclosure(clock.now(), 2, {
      purpose: 'public_health',
      legalBasis: 'Confidential minor-consent reporting rule',
    });
    expect((await officer.request('POST', urlFor(teen.id), body)).statusCode).toBe(201);
    const parent = await proxyBrowser(app, db, keyring, {
      tenantId: practice.id,
      patientId: teen.id,
      grantedBy: officerUser.userId,
      scopes: ['read', 'messaging', 'appointments', 'billing'],
      guardian: true,
    });
    const res = await parent.browser.request('GET', ME);
    expect(res.statusCode).toBe(403);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('proxies');
    expect(res.body).not.toContain(body.description);
  });
});
