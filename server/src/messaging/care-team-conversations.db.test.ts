/**
 * USE-3 from the chart: a clinician who treats the patient starts a conversation (the patient
 * and a young child's guardian are told there is something new, never what); the chart lists
 * the patient's conversations on their own tab and leaves them out of the whole chart; a
 * clinician who does not treat the patient can neither read nor start one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { proxyBrowser } from '../disclosures/disclosure-test-fixtures.js';
import { joinCareTeam, verifyTestLicence } from '../gate/gate-test-fixtures.js';
import { clearedStaffBrowser, deliverQueuedEmail } from '../../test/identity-fixtures.js';
import { storedVersionCount } from '../../test/stored-records.js';
import { openTestDatabase, testKeyring } from '../../test/test-database.js';
import type { ThreadView } from './message-model.js';
import { messagingSetting } from './messaging-test-fixtures.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

describe('conversations the care team starts', () => {
  it('a treating clinician writes first; the patient reads it and is told; the chart keeps conversations on their own tab', async () => {
    const s = await messagingSetting(db, keyring);
    const path = `/api/practices/${s.tenantId}/patients/${s.patient.id}/messages`;
    await deliverQueuedEmail(db, keyring, s.clock.now());
    const started = await s.clinician.browser.request('POST', path, {
      subject: 'Your blood test',
      text: 'Your cholesterol is a little high. Shall we talk about it at your next visit?',
    });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json<ThreadView>()).toMatchObject({
      subject: 'Your blood test',
      waiting: false,
      messages: [{ from: 'care_team', waiting: false }],
    });
    const told = (await deliverQueuedEmail(db, keyring, s.clock.now())).map((m) => m.to);
    expect(told).toContain(s.person.email);

    const own = (await s.browser.request('GET', '/api/me/record/messages')).json<{
      threads: ThreadView[];
    }>();
    expect(own.threads.map((t) => t.subject)).toEqual(['Your blood test']);
    // The patient answers; it waits in the clinician's inbox like any message.
    await s.browser.request('POST', `/api/me/record/messages/${own.threads[0]?.id}/replies`, {
      text: 'Yes, please.',
    });
    expect((await s.inbox()).map((e) => e.subject)).toEqual(['Your blood test']);

    const listed = (await s.clinician.browser.request('GET', path)).json<{
      threads: ThreadView[];
    }>();
    expect(listed.threads[0]?.messages.map((m) => m.from)).toEqual(['care_team', 'patient']);
    // Opening the whole chart is not reading the conversations; asked for by type, they come.
    const records = `/api/practices/${s.tenantId}/patients/${s.patient.id}/records`;
    const chart = (await s.clinician.browser.request('GET', records)).json<{
      resources: { resourceType: string }[];
    }>();
    expect(chart.resources.some((r) => r.resourceType === 'Patient')).toBe(true);
    expect(chart.resources.some((r) => r.resourceType === 'Communication')).toBe(false);
    const asked = (await s.clinician.browser.request('GET', `${records}?type=Communication`)).json<{
      resources: unknown[];
    }>();
    expect(asked.resources).toHaveLength(2);
  });

  it('a young child’s guardian is told; a clinician who does not treat the patient reads and starts nothing', async () => {
    const s = await messagingSetting(db, keyring, `${new Date().getUTCFullYear() - 6}-05-06`);
    const guardian = await proxyBrowser(s.app, db, keyring, {
      tenantId: s.tenantId,
      patientId: s.patient.id,
      grantedBy: s.clinician.user.userId,
      scopes: ['read', 'messaging'],
      guardian: true,
    });
    const path = `/api/practices/${s.tenantId}/patients/${s.patient.id}/messages`;
    await deliverQueuedEmail(db, keyring, s.clock.now());
    const started = await s.clinician.browser.request('POST', path, {
      subject: 'Vaccination due',
      text: 'Please book the next vaccination.',
    });
    expect(started.statusCode).toBe(201);
    const told = (await deliverQueuedEmail(db, keyring, s.clock.now())).map((m) => m.to);
    expect(told).toContain(guardian.proxy.email);

    const stranger = await clearedStaffBrowser(
      s.app,
      db,
      keyring,
      s.clock.now,
      s.tenantId,
      'clinician',
    );
    await verifyTestLicence(db, keyring, s.tenantId, stranger.user.userId, s.clock.now());
    const read = (await stranger.browser.request('GET', path)).json<{ threads: unknown[] }>();
    expect(read.threads).toEqual([]);
    const before = await storedVersionCount(db, s.tenantId, 'Communication');
    const refused = await stranger.browser.request('POST', path, {
      subject: 'Hello',
      text: 'Checking in.',
    });
    expect(refused.statusCode).toBe(404);
    const blank = await s.clinician.browser.request('POST', path, { subject: ' ', text: 'x' });
    expect(blank.statusCode).toBe(400);
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(before);
  });

  it('a message sent in error is withdrawn by who wrote it, and no one else; both sides stop showing it', async () => {
    const s = await messagingSetting(db, keyring);
    const path = `/api/practices/${s.tenantId}/patients/${s.patient.id}/messages`;
    const sent = await s.clinician.browser.request('POST', path, {
      subject: 'Your biopsy',
      text: 'Meant for another patient.',
    });
    const threadId = sent.json<ThreadView>().id;
    const withdrawals = `/api/practices/${s.tenantId}/message-withdrawals`;
    const opened = await s.clinician.browser.request(
      'GET',
      `/api/practices/${s.tenantId}/messages/${threadId}`,
    );
    expect(opened.json<{ mine: string[] }>().mine).toEqual([threadId]);

    // A colleague who also treats the patient did not write it: refused, nothing changes.
    const colleague = await clearedStaffBrowser(
      s.app,
      db,
      keyring,
      s.clock.now,
      s.tenantId,
      'nurse',
    );
    await verifyTestLicence(db, keyring, s.tenantId, colleague.user.userId, s.clock.now());
    await joinCareTeam(db, s.tenantId, s.patient.id, colleague.user.userId, s.clock.now());
    const notTheirs = await colleague.browser.request('POST', withdrawals, { messageId: threadId });
    expect(notTheirs.statusCode).toBe(403);
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(1);

    for (let i = 0; i < 2; i++) {
      const withdrawn = await s.clinician.browser.request('POST', withdrawals, {
        messageId: threadId,
      });
      expect(withdrawn.statusCode).toBe(204);
    }
    const own = (await s.browser.request('GET', '/api/me/record/messages')).json<{
      threads: unknown[];
    }>();
    expect(own.threads).toEqual([]);
    const chart = (await s.clinician.browser.request('GET', path)).json<{ threads: unknown[] }>();
    expect(chart.threads).toEqual([]);
    // Kept under retention: the message and its withdrawal are two versions.
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(2);
  });
});
