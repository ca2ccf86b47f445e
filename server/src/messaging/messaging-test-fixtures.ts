/**
 * A practice for the messaging tests: a patient signed in to their own record, and a cleared,
 * licensed clinician on their care team, with the inbox and "open and answer" as the console
 * uses them.
 */
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { joinCareTeam, verifyTestLicence } from '../gate/gate-test-fixtures.js';
import type { TestBrowser } from '../../test/identity-fixtures.js';
import { clearedStaffBrowser, signedInPatient } from '../../test/identity-fixtures.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant } from '../../test/test-database.js';
import type { InboxEntry } from './care-team-inbox.js';
import type { ThreadView } from './message-model.js';

export async function messagingSetting(
  db: HavenDatabase,
  keyring: Keyring,
  birthDate = '1980-02-03',
  start = new Date(),
) {
  const clock = new TestClock(start);
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const patient = await createTestPatient(db, keyring, tenantId, { birthDate });
  const clinician = await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, 'clinician');
  await verifyTestLicence(db, keyring, tenantId, clinician.user.userId, clock.now());
  await joinCareTeam(db, tenantId, patient.id, clinician.user.userId, clock.now());
  const { browser, person } = await signedInPatient(app, db, keyring, tenantId, patient.id);
  const inbox = async () =>
    (await clinician.browser.request('GET', `/api/practices/${tenantId}/messages`)).json<{
      conversations: InboxEntry[];
    }>().conversations;
  const answer = (threadId: string, text?: string) =>
    answerAs(clinician.browser, tenantId, threadId, text);
  return { app, clock, tenantId, patient, clinician, browser, person, inbox, answer };
}

/**
 * A staff member opens a conversation and answers it (or, without text, marks it handled),
 * naming the waiting messages they were shown, as the console does.
 */
export async function answerAs(
  browser: TestBrowser,
  tenantId: string,
  threadId: string,
  text?: string,
) {
  const path = `/api/practices/${tenantId}/messages/${threadId}`;
  const opened = (await browser.request('GET', path)).json<{ thread: ThreadView }>();
  const seen = (opened.thread?.messages ?? []).filter((m) => m.waiting).map((m) => m.id);
  return text === undefined
    ? browser.request('POST', `${path}/handled`, { seen })
    : browser.request('POST', `${path}/replies`, { text, seen });
}
