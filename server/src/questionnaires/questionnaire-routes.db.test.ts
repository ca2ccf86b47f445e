/**
 * DATA-6, DATA-12: a patient answers the practice's pre-visit questionnaire; the answers are
 * checked against it and filed to their record, where their care team reads the symptoms they
 * reported and the front desk does not.
 */
import type { Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken } from '../api-auth/api-auth-test-fixtures.js';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { proxyBrowser } from '../disclosures/disclosure-test-fixtures.js';
import { clearedStaff, joinCareTeam } from '../gate/gate-test-fixtures.js';
import { clearedStaffBrowser, signedInPatient } from '../../test/identity-fixtures.js';
import { fhirCaller, staffFhirCaller } from '../../test/fhir-caller.js';
import { createTestPatient } from '../../test/patient-fixtures.js';
import { storedVersionCount } from '../../test/stored-records.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { preVisitQuestionnaire } from './pre-visit-questionnaire.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

type Listing = { questionnaires: Questionnaire[]; responses: QuestionnaireResponse[] };

async function setting(birthDate = '1980-02-03') {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const patient = await createTestPatient(db, keyring, tenantId, { birthDate });
  const clinicianId = await clearedStaff(db, keyring, tenantId, 'clinician', clock.now());
  await joinCareTeam(db, tenantId, patient.id, clinicianId, clock.now());
  const fhir = await staffFhirCaller(
    app,
    db,
    keyring,
    { tenantId, userId: clinicianId },
    clock.now(),
  );
  // The practice publishes its questionnaire through the FHIR API, like any record.
  const published = await fhir('POST', '/Questionnaire', {
    ...preVisitQuestionnaire(),
    id: undefined,
  });
  expect(published.statusCode).toBe(201);
  const form = published.json<Questionnaire>();
  const { browser, person } = await signedInPatient(app, db, keyring, tenantId, patient.id);
  return { app, clock, tenantId, patient, clinicianId, fhir, form, browser, person };
}

describe('pre-visit questionnaires', () => {
  it('a patient reports symptoms; the care team reads them in the chart, the front desk does not', async () => {
    const s = await setting();
    const before = await s.browser.request('GET', '/api/me/record/questionnaires');
    expect(before.statusCode).toBe(200);
    expect(before.json<Listing>().questionnaires.map((q) => q.title)).toEqual([
      'Before your visit',
    ]);
    const sent = await s.browser.request('POST', '/api/me/record/questionnaire-responses', {
      questionnaireId: s.form.id,
      answers: { cough: true, 'chest-pain': false, pain: 4, 'medications-changed': 'N' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const after = (await s.browser.request('GET', '/api/me/record/questionnaires')).json<Listing>();
    expect(after.responses).toHaveLength(1);
    expect(after.responses[0]?.subject?.reference).toBe(`Patient/${s.patient.id}`);

    const chart = await s.fhir('GET', `/QuestionnaireResponse?patient=${s.patient.id}`);
    const [filed] = chart.json<{ entry: { resource: QuestionnaireResponse }[] }>().entry;
    const cough = filed?.resource.item?.[0]?.item?.find((i) => i.linkId === 'cough');
    expect(cough).toMatchObject({ text: 'Cough', answer: [{ valueBoolean: true }] });

    const desk = await clearedStaffBrowser(
      s.app,
      db,
      keyring,
      s.clock.now,
      s.tenantId,
      'front_desk',
    );
    const seen = await desk.browser.request(
      'GET',
      `/api/practices/${s.tenantId}/patients/${s.patient.id}/records?type=QuestionnaireResponse`,
    );
    expect(seen.json<{ resources: unknown[] }>().resources).toEqual([]);
  });

  it('refuses wrong answers, an unknown or retired questionnaire and a proxy, storing nothing', async () => {
    const s = await setting();
    const post = (body: unknown) =>
      s.browser.request('POST', '/api/me/record/questionnaire-responses', body);
    const wrong = await post({ questionnaireId: s.form.id, answers: { pain: 12, cough: 'often' } });
    expect(wrong.statusCode).toBe(400);
    const issues = wrong.json<{ error: { issues: { location: string }[] } }>().error.issues;
    expect(issues.map((i) => i.location)).toEqual([
      '/answers/cough',
      '/answers/pain',
      '/answers/medications-changed',
    ]);
    const unknown = await post({
      questionnaireId: '00000000-0000-4000-8000-000000000000',
      answers: { pain: 1, 'medications-changed': 'N' },
    });
    expect(unknown.statusCode).toBe(404);
    const garbled = await post({ questionnaireId: s.form.id, answers: [1, 2] });
    expect(garbled.statusCode).toBe(400);

    const retired = await s.fhir(
      'PUT',
      `/Questionnaire/${s.form.id}`,
      { ...s.form, status: 'retired' },
      { 'if-match': 'W/"1"' },
    );
    expect(retired.statusCode).toBe(200);
    const late = await post({
      questionnaireId: s.form.id,
      answers: { pain: 1, 'medications-changed': 'N' },
    });
    expect(late.statusCode).toBe(422);

    const proxy = await proxyBrowser(s.app, db, keyring, {
      tenantId: s.tenantId,
      patientId: s.patient.id,
      grantedBy: s.person.userId,
      scopes: ['read', 'appointments', 'messaging'],
    });
    const forSomeone = await proxy.browser.request(
      'POST',
      '/api/me/record/questionnaire-responses',
      {
        questionnaireId: s.form.id,
        answers: { pain: 1, 'medications-changed': 'N' },
      },
    );
    expect(forSomeone.statusCode).toBe(403);

    // Answers made up through the FHIR API are refused: only the workflow checks them.
    const token = await issueTestToken(
      db,
      keyring,
      { patient: { tenantId: s.tenantId, userId: s.person.userId, patientId: s.patient.id } },
      { now: s.clock.now() },
    );
    const own = fhirCaller(s.app, token.authorization);
    const madeUp = await own('POST', '/QuestionnaireResponse', {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      subject: { reference: `Patient/${s.patient.id}` },
      author: { display: 'Dr Somebody' },
      item: [{ linkId: 'x', text: 'Diagnosis', answer: [{ valueString: 'made up' }] }],
    });
    expect(madeUp.statusCode).toBe(403);
    expect(await storedVersionCount(db, s.tenantId, 'QuestionnaireResponse')).toBe(0);
  });

  it('a young child’s guardian answers for the child and is named as the source; a teenager’s guardian does not', async () => {
    const yearsAgo = (years: number) => `${new Date().getUTCFullYear() - years}-03-04`;
    const answers = { fever: true, pain: 2, 'medications-changed': 'N' };
    const child = await setting(yearsAgo(8));
    const guardian = await proxyBrowser(child.app, db, keyring, {
      tenantId: child.tenantId,
      patientId: child.patient.id,
      grantedBy: child.clinicianId,
      scopes: ['read'],
      guardian: true,
    });
    const offered = await guardian.browser.request('GET', '/api/me/record/questionnaires');
    expect(offered.json<{ canAnswer: boolean }>().canAnswer).toBe(true);
    const sent = await guardian.browser.request('POST', '/api/me/record/questionnaire-responses', {
      questionnaireId: child.form.id,
      answers,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    // The care team reads who answered: the guardian's account, not the child.
    const chart = await child.fhir('GET', `/QuestionnaireResponse?patient=${child.patient.id}`);
    const [filed] = chart.json<{ entry: { resource: QuestionnaireResponse }[] }>().entry;
    expect(filed?.resource.subject?.reference).toBe(`Patient/${child.patient.id}`);
    expect(filed?.resource.source).toEqual({
      identifier: {
        system: 'https://haven.example/fhir/NamingSystem/user',
        value: guardian.proxy.userId,
      },
      display: 'Parent or guardian',
    });

    // A guardian who may only manage the child's appointments answers nothing.
    const bookingOnly = await proxyBrowser(child.app, db, keyring, {
      tenantId: child.tenantId,
      patientId: child.patient.id,
      grantedBy: child.clinicianId,
      scopes: ['appointments'],
      guardian: true,
    });
    const listing = await bookingOnly.browser.request('GET', '/api/me/record/questionnaires');
    expect(listing.json<{ canAnswer: boolean }>().canAnswer).toBe(false);
    const notTheirs = await bookingOnly.browser.request(
      'POST',
      '/api/me/record/questionnaire-responses',
      { questionnaireId: child.form.id, answers },
    );
    expect(notTheirs.statusCode).toBe(403);
    expect(await storedVersionCount(db, child.tenantId, 'QuestionnaireResponse')).toBe(1);

    const teen = await setting(yearsAgo(15));
    const teenGuardian = await proxyBrowser(teen.app, db, keyring, {
      tenantId: teen.tenantId,
      patientId: teen.patient.id,
      grantedBy: teen.clinicianId,
      scopes: ['read', 'appointments', 'messaging'],
      guardian: true,
    });
    const notOffered = await teenGuardian.browser.request('GET', '/api/me/record/questionnaires');
    expect(notOffered.json<{ canAnswer: boolean }>().canAnswer).toBe(false);
    const refused = await teenGuardian.browser.request(
      'POST',
      '/api/me/record/questionnaire-responses',
      { questionnaireId: teen.form.id, answers },
    );
    expect(refused.statusCode).toBe(403);
    expect(await storedVersionCount(db, teen.tenantId, 'QuestionnaireResponse')).toBe(0);
  });
});
