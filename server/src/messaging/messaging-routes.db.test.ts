/**
 * DATA-13, USE-3: a patient writes to their care team; a clinician who treats them finds the
 * conversation in their inbox and answers; the patient is told by email that there is something
 * new, never what. Nobody else reads the conversation, bad input stores nothing, and proxies
 * write only with the messaging scope (never a teenager's guardian).
 */
import type { Communication } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken } from '../api-auth/api-auth-test-fixtures.js';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { proxyBrowser } from '../disclosures/disclosure-test-fixtures.js';
import { verifyTestLicence } from '../gate/gate-test-fixtures.js';
import { clearedStaffBrowser, deliverQueuedEmail } from '../../test/identity-fixtures.js';
import { fhirCaller, staffFhirCaller } from '../../test/fhir-caller.js';
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

type Listing = { threads: ThreadView[]; canWrite: boolean };

const setting = (birthDate?: string, start?: Date) =>
  messagingSetting(db, keyring, birthDate, start);

describe('secure messages', () => {
  it('a patient writes, the treating clinician answers from the inbox, the patient is told by email only that something is new', async () => {
    const s = await setting();
    const started = await s.browser.request('POST', '/api/me/record/messages', {
      subject: '  Rash after the new cream ',
      text: 'Since Monday my arms itch.\r\nShould I stop using it?',
    });
    expect(started.statusCode, started.body).toBe(201);
    const thread = started.json<ThreadView>();
    expect(thread).toMatchObject({
      subject: 'Rash after the new cream',
      waiting: true,
      messages: [{ from: 'patient', text: 'Since Monday my arms itch.\nShould I stop using it?' }],
    });

    const waiting = await s.inbox();
    expect(waiting).toEqual([
      expect.objectContaining({
        threadId: thread.id,
        patientId: s.patient.id,
        subject: 'Rash after the new cream',
        waitingCount: 1,
      }),
    ]);
    expect(waiting[0]?.patientName).toBeTruthy();

    // A nurse of the practice who does not treat this patient sees neither the inbox entry nor
    // the conversation; the front desk neither.
    for (const role of ['nurse', 'front_desk'] as const) {
      const other = await clearedStaffBrowser(s.app, db, keyring, s.clock.now, s.tenantId, role);
      if (role === 'nurse') {
        await verifyTestLicence(db, keyring, s.tenantId, other.user.userId, s.clock.now());
      }
      const theirs = await other.browser.request('GET', `/api/practices/${s.tenantId}/messages`);
      expect(theirs.json<{ conversations: unknown[] }>().conversations).toEqual([]);
      const opened = await other.browser.request(
        'GET',
        `/api/practices/${s.tenantId}/messages/${thread.id}`,
      );
      expect(opened.statusCode).toBe(404);
      const answered = await other.browser.request(
        'POST',
        `/api/practices/${s.tenantId}/messages/${thread.id}/replies`,
        { text: 'Hello', seen: [] },
      );
      expect(answered.statusCode).toBe(404);
    }

    await deliverQueuedEmail(db, keyring, s.clock.now());
    s.clock.advance(60_000);
    const answer = await s.answer(
      thread.id,
      'Please stop the cream and send a photo if it spreads.',
    );
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json<ThreadView>()).toMatchObject({
      waiting: false,
      messages: [{ from: 'patient', waiting: false }, { from: 'care_team' }],
    });
    expect(await s.inbox()).toEqual([]);

    const mail = (await deliverQueuedEmail(db, keyring, s.clock.now())).filter(
      (m) => m.to === s.person.email,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('You have something new in Haven');
    for (const secret of ['Rash', 'cream', 'itch']) {
      expect(`${mail[0]?.subject} ${mail[0]?.text} ${mail[0]?.html}`).not.toContain(secret);
    }

    const listing = (await s.browser.request('GET', '/api/me/record/messages')).json<Listing>();
    expect(listing.canWrite).toBe(true);
    const [seen] = listing.threads;
    expect(seen?.messages.map((m) => [m.from, m.author !== null])).toEqual([
      ['patient', false],
      ['care_team', true],
    ]);

    // The patient answers back: the conversation waits for the care team again.
    s.clock.advance(60_000);
    const again = await s.browser.request('POST', `/api/me/record/messages/${thread.id}/replies`, {
      text: 'Thank you, it is better already.',
    });
    expect(again.statusCode).toBe(201);
    expect((await s.inbox()).map((e) => e.waitingCount)).toEqual([1]);
    // Handled without an answer: out of the inbox, and nobody is emailed.
    const handled = await s.answer(thread.id);
    expect(handled.statusCode).toBe(200);
    expect(handled.json<ThreadView>().waiting).toBe(false);
    expect(await s.inbox()).toEqual([]);
    expect(
      (await deliverQueuedEmail(db, keyring, s.clock.now())).filter((m) => m.to === s.person.email),
    ).toEqual([]);
    // A message that comes in after the clinician opened the conversation is never closed
    // unseen: the answer is refused and nothing is stored; opened again, it goes through.
    s.clock.advance(60_000);
    const path = `/api/practices/${s.tenantId}/messages/${thread.id}`;
    const opened = (await s.clinician.browser.request('GET', path)).json<{ thread: ThreadView }>();
    expect(opened.thread.waiting).toBe(false);
    await s.browser.request('POST', `/api/me/record/messages/${thread.id}/replies`, {
      text: 'Now it is spreading to my neck.',
    });
    const stored = await storedVersionCount(db, s.tenantId, 'Communication');
    for (const late of [
      () =>
        s.clinician.browser.request('POST', `${path}/replies`, { text: 'Good to hear.', seen: [] }),
      () => s.clinician.browser.request('POST', `${path}/handled`, { seen: [] }),
    ]) {
      const refused = await late();
      expect(refused.statusCode).toBe(409);
      expect(refused.json<{ error: { message: string } }>().error.message).toBe(
        'A new message came in. Read it before answering.',
      );
    }
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(stored);
    expect((await s.inbox()).map((e) => e.waitingCount)).toEqual([1]);
    expect((await s.answer(thread.id, 'Please come in today.')).statusCode).toBe(201);
    // Every version is kept: each message written, and each waiting one again when handled.
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(8);
    // The care team writes only through this workflow: a clinician's FHIR client can neither
    // file words in the patient's name nor change what the patient wrote.
    const fhir = await staffFhirCaller(
      s.app,
      db,
      keyring,
      { tenantId: s.tenantId, userId: s.clinician.user.userId },
      s.clock.now(),
    );
    const forged = await fhir('POST', '/Communication', {
      resourceType: 'Communication',
      status: 'in-progress',
      subject: { reference: `Patient/${s.patient.id}` },
      sender: { reference: `Patient/${s.patient.id}` },
      payload: [{ contentString: 'I refuse the treatment.' }],
    });
    expect(forged.statusCode).toBe(403);
    const original = (await fhir('GET', `/Communication/${thread.id}`)).json<Communication>();
    const edited = await fhir(
      'PUT',
      `/Communication/${thread.id}`,
      { ...original, payload: [{ contentString: 'Changed.' }] },
      { 'if-match': `W/"${original.meta?.versionId ?? ''}"` },
    );
    expect(edited.statusCode).toBe(403);
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(8);
  });

  it('refuses empty, overlong and garbled messages, other records’ conversations and made-up ones, storing nothing', async () => {
    const s = await setting();
    const post = (path: string, body: unknown) => s.browser.request('POST', path, body);
    const first = await post('/api/me/record/messages', { subject: 'Refill', text: 'Please.' });
    expect(first.statusCode).toBe(201);
    const threadId = first.json<ThreadView>().id;
    const before = await storedVersionCount(db, s.tenantId, 'Communication');

    const location = (r: { json: <T>() => T }) =>
      r.json<{ error: { issues: { location: string; message: string }[] } }>().error.issues;
    const blank = await post('/api/me/record/messages', { subject: 'Hi', text: ' \n\t ' });
    expect(blank.statusCode).toBe(400);
    expect(location(blank)).toEqual([{ location: '/text', message: 'is empty' }]);
    const long = await post('/api/me/record/messages', { subject: 'x'.repeat(121), text: 'y' });
    expect(location(long)[0]?.location).toBe('/subject');
    const control = await post(`/api/me/record/messages/${threadId}/replies`, {
      text: 'bell \u0007',
    });
    expect(location(control)).toEqual([
      { location: '/text', message: 'holds characters that cannot be sent' },
    ]);
    expect((await post('/api/me/record/messages', { text: 'no subject' })).statusCode).toBe(400);
    expect((await post('/api/me/record/messages', [1, 2])).statusCode).toBe(400);
    const unknown = await post(
      '/api/me/record/messages/00000000-0000-4000-8000-000000000000/replies',
      { text: 'Hello?' },
    );
    expect(unknown.statusCode).toBe(404);

    // Someone else's conversation is not found, for writing as for reading.
    const other = await setting();
    const theirs = await other.browser.request('POST', '/api/me/record/messages', {
      subject: 'Mine',
      text: 'Private',
    });
    const theirId = theirs.json<ThreadView>().id;
    expect(
      (await post(`/api/me/record/messages/${theirId}/replies`, { text: 'Hi' })).statusCode,
    ).toBe(404);

    // A message made up through the FHIR API (another sender, another status) is refused.
    const token = await issueTestToken(
      db,
      keyring,
      { patient: { tenantId: s.tenantId, userId: s.person.userId, patientId: s.patient.id } },
      { now: s.clock.now() },
    );
    const madeUp = await fhirCaller(s.app, token.authorization)('POST', '/Communication', {
      resourceType: 'Communication',
      status: 'completed',
      subject: { reference: `Patient/${s.patient.id}` },
      sender: { display: 'Dr Somebody' },
      payload: [{ contentString: 'All clear.' }],
    });
    expect(madeUp.statusCode).toBe(403);
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(before);
  });

  it('sends a photo with a message: sealed in it, downloaded as an attachment by who may read it; wrong or too many files store nothing', async () => {
    const s = await setting();
    // A real PNG signature, then bytes: the kind is checked by the first bytes.
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('rest of a small picture'),
    ]);
    const sent = await s.browser.request('POST', '/api/me/record/messages', {
      subject: 'Photo of the rash',
      text: 'Here it is.',
      attachments: [
        {
          filename: 'C:\\Photos\\rash.png',
          contentType: 'image/png',
          data: png.toString('base64'),
        },
      ],
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const [message] = sent.json<ThreadView>().messages;
    expect(message?.attachments).toEqual([
      { index: 0, title: 'rash.png', contentType: 'image/png', size: png.length },
    ]);
    // The list carries no bytes; each file is downloaded on its own, as an attachment.
    expect(sent.body).not.toContain(png.toString('base64'));
    const id = message?.id ?? '';
    for (const [browser, path] of [
      [s.browser, `/api/me/record/message-files/${id}/0`],
      [s.clinician.browser, `/api/practices/${s.tenantId}/message-files/${id}/0`],
    ] as const) {
      const file = await browser.request('GET', path);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['content-disposition']).toBe(
        `attachment; filename="rash.png"; filename*=UTF-8''rash.png`,
      );
      expect(file.rawPayload.equals(png)).toBe(true);
    }
    const desk = await clearedStaffBrowser(
      s.app,
      db,
      keyring,
      s.clock.now,
      s.tenantId,
      'front_desk',
    );
    const notForDesk = await desk.browser.request(
      'GET',
      `/api/practices/${s.tenantId}/message-files/${id}/0`,
    );
    expect(notForDesk.statusCode).toBe(404);
    expect(
      (await s.browser.request('GET', `/api/me/record/message-files/${id}/1`)).statusCode,
    ).toBe(404);

    const before = await storedVersionCount(db, s.tenantId, 'Communication');
    const attempt = (attachments: unknown) =>
      s.browser.request('POST', '/api/me/record/messages', {
        subject: 'Files',
        text: 'See.',
        attachments,
      });
    const issues = (r: { json: <T>() => T }) =>
      r.json<{ error: { issues: { location: string }[] } }>().error.issues.map((i) => i.location);
    const disguised = await attempt([
      {
        filename: 'page.png',
        contentType: 'image/png',
        data: Buffer.from('<script>').toString('base64'),
      },
      { filename: 'page.html', contentType: 'text/html', data: png.toString('base64') },
      { filename: 'x.pdf', contentType: 'application/pdf', data: 'not base64!' },
    ]);
    expect(disguised.statusCode).toBe(400);
    expect(issues(disguised)).toEqual([
      '/attachments/0/data',
      '/attachments/1/contentType',
      '/attachments/2/data',
    ]);
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 1);
    png.copy(big);
    const tooBig = await attempt([
      { filename: 'big.png', contentType: 'image/png', data: big.toString('base64') },
    ]);
    expect(tooBig.statusCode).toBe(400);
    expect(issues(tooBig)).toEqual(['/attachments']);
    // Exactly the limit is taken (validated, sealed and stored like any message).
    const atLimit = await attempt([
      {
        filename: 'scan.png',
        contentType: 'image/png',
        data: big.subarray(0, -1).toString('base64'),
      },
    ]);
    expect(atLimit.statusCode, atLimit.body).toBe(201);
    const one = { filename: 'a.png', contentType: 'image/png', data: png.toString('base64') };
    expect((await attempt([one, one, one, one])).statusCode).toBe(400);
    expect(await storedVersionCount(db, s.tenantId, 'Communication')).toBe(before + 1);
  });

  it('a caregiver with the messaging scope writes and is named; without it, or as a teenager’s guardian, nothing', async () => {
    const s = await setting();
    const caregiver = await proxyBrowser(s.app, db, keyring, {
      tenantId: s.tenantId,
      patientId: s.patient.id,
      grantedBy: s.person.userId,
      scopes: ['read', 'messaging'],
    });
    const written = await caregiver.browser.request('POST', '/api/me/record/messages', {
      subject: 'Transport to the clinic',
      text: 'Can my mother come at 10 instead?',
    });
    expect(written.statusCode, written.body).toBe(201);
    const thread = written.json<ThreadView>();
    expect(thread.messages[0]).toMatchObject({ from: 'proxy', waiting: true });
    expect(thread.messages[0]?.author).toBeTruthy();
    const fhir = await s.clinician.browser.request(
      'GET',
      `/api/practices/${s.tenantId}/records/Communication/${thread.id}`,
    );
    expect(fhir.json<Communication>().sender).toMatchObject({
      type: 'RelatedPerson',
      identifier: {
        system: 'https://haven.example/fhir/NamingSystem/user',
        value: caregiver.proxy.userId,
      },
    });
    // The patient reads what their caregiver wrote.
    const own = (await s.browser.request('GET', '/api/me/record/messages')).json<Listing>();
    expect(own.threads.map((t) => t.id)).toEqual([thread.id]);

    // The answer is news for both the patient and the caregiver who wrote.
    await deliverQueuedEmail(db, keyring, s.clock.now());
    expect((await s.answer(thread.id, '10 is fine.')).statusCode).toBe(201);
    const told = (await deliverQueuedEmail(db, keyring, s.clock.now())).map((m) => m.to);
    expect(told).toEqual(expect.arrayContaining([s.person.email, caregiver.proxy.email]));

    // Once the patient revokes the caregiver, the next answer is news for the patient only.
    await db.unsafeKysely
      .updateTable('proxy_grant')
      .set({ revoked_at: s.clock.now(), revoked_by: s.person.userId })
      .where('tenant_id', '=', s.tenantId)
      .where('proxy_user_id', '=', caregiver.proxy.userId)
      .execute();
    s.clock.advance(60_000);
    await s.browser.request('POST', `/api/me/record/messages/${thread.id}/replies`, {
      text: 'Actually 11 is better.',
    });
    expect((await s.answer(thread.id, 'Noted, 11 then.')).statusCode).toBe(201);
    const afterRevoking = (await deliverQueuedEmail(db, keyring, s.clock.now())).map((m) => m.to);
    expect(afterRevoking).toContain(s.person.email);
    expect(afterRevoking).not.toContain(caregiver.proxy.email);

    // Reading the record is not reading the conversations.
    const reader = await proxyBrowser(s.app, db, keyring, {
      tenantId: s.tenantId,
      patientId: s.patient.id,
      grantedBy: s.person.userId,
      scopes: ['read'],
    });
    const readerView = (
      await reader.browser.request('GET', '/api/me/record/messages')
    ).json<Listing>();
    expect(readerView).toEqual({ threads: [], canWrite: false });
    const refused = await reader.browser.request('POST', '/api/me/record/messages', {
      subject: 'Hi',
      text: 'Hello',
    });
    expect(refused.statusCode).toBe(403);

    // A teenager's conversations stay between them and their care team (CHILD-2).
    const yearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-03-04`;
    const teen = await setting(yearsAgo(15));
    const teensOwn = await teen.browser.request('POST', '/api/me/record/messages', {
      subject: 'A private question',
      text: 'Please do not tell my parents.',
    });
    const teenThread = teensOwn.json<ThreadView>().id;
    const guardian = await proxyBrowser(teen.app, db, keyring, {
      tenantId: teen.tenantId,
      patientId: teen.patient.id,
      grantedBy: teen.clinician.user.userId,
      scopes: ['read', 'appointments', 'messaging'],
      guardian: true,
    });
    const guardianView = (
      await guardian.browser.request('GET', '/api/me/record/messages')
    ).json<Listing>();
    expect(guardianView).toEqual({ threads: [], canWrite: false });
    const intrude = await guardian.browser.request(
      'POST',
      `/api/me/record/messages/${teenThread}/replies`,
      { text: 'What question?' },
    );
    expect(intrude.statusCode).toBe(403);
    await deliverQueuedEmail(db, keyring, teen.clock.now());
    expect((await teen.answer(teenThread, 'Of course. Come on Tuesday.')).statusCode).toBe(201);
    const news = (await deliverQueuedEmail(db, keyring, teen.clock.now())).map((m) => m.to);
    expect(news).toContain(teen.person.email);
    expect(news).not.toContain(guardian.proxy.email);

    // A guardian who wrote for a young child hears of answers until the child turns 13; then
    // the conversation is the teenager's, and the guardian is told nothing more.
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(today) + 86_400_000).toISOString().slice(0, 10);
    const thirteenTomorrow = `${Number(tomorrow.slice(0, 4)) - 13}${tomorrow.slice(4)}`;
    const child = await setting(thirteenTomorrow, new Date(`${today}T23:57:00Z`));
    const parent = await proxyBrowser(child.app, db, keyring, {
      tenantId: child.tenantId,
      patientId: child.patient.id,
      grantedBy: child.clinician.user.userId,
      scopes: ['read', 'messaging'],
      guardian: true,
    });
    const asked = await parent.browser.request('POST', '/api/me/record/messages', {
      subject: 'Ear drops',
      text: 'How many drops, and for how long?',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const childThread = asked.json<ThreadView>().id;
    await deliverQueuedEmail(db, keyring, child.clock.now());
    expect((await child.answer(childThread, 'Three drops, five days.')).statusCode).toBe(201);
    expect((await deliverQueuedEmail(db, keyring, child.clock.now())).map((m) => m.to)).toContain(
      parent.proxy.email,
    );
    child.clock.advance(5 * 60_000); // past midnight: the child is 13
    expect((await child.answer(childThread, 'Any better?')).statusCode).toBe(201);
    expect(
      (await deliverQueuedEmail(db, keyring, child.clock.now())).map((m) => m.to),
    ).not.toContain(parent.proxy.email);
    expect(await storedVersionCount(db, teen.tenantId, 'Communication')).toBe(3);
  });
});
