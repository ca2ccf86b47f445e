import { randomUUID } from 'node:crypto';
import type { Bundle, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestToken } from '../../api-auth/api-auth-test-fixtures.js';
import { newBearerToken } from '../../api-auth/credentials.js';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction } from '../../db/transactions.js';
import { chartWithRecords, clearedStaff, joinCareTeam } from '../../gate/gate-test-fixtures.js';
import { staffFhirCaller } from '../../../test/fhir-caller.js';
import { buildTestApp, TestClock } from '../../../test/test-app.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(() => db.close());

async function setting() {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const tenantId = (await createTestTenant(db)).id;
  const chart = await chartWithRecords(db, keyring, tenantId, clock.now());
  const userId = await clearedStaff(db, keyring, tenantId, 'clinician', clock.now());
  await joinCareTeam(db, tenantId, chart.patientId, userId, clock.now());
  const call = await staffFhirCaller(app, db, keyring, { tenantId, userId }, clock.now());
  return { app, clock, tenantId, chart, userId, call };
}

const heartRate = (patientId: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: '2026-11-01T08:00:00Z',
  valueQuantity: { value: 64, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

async function storedVersions(tenantId: string) {
  return tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('fhir_resource')
      .select(['id', 'version_id'])
      .where('tenant_id', '=', tenantId)
      .execute(),
  );
}

describe('the FHIR R4 REST API', () => {
  it('answers metadata with a CapabilityStatement naming what is supported', async () => {
    const { call } = await setting();
    const res = await call('GET', '/metadata');
    expect(res.statusCode).toBe(200);
    const statement = res.json<{
      fhirVersion: string;
      rest: { resource: { type: string; searchParam: { name: string }[] }[] }[];
    }>();
    expect(statement.fhirVersion).toBe('4.0.1');
    const observation = statement.rest[0]?.resource.find((r) => r.type === 'Observation');
    expect(observation?.searchParam.map((p) => p.name)).toEqual(
      expect.arrayContaining(['code', 'date', 'patient', 'category']),
    );
    // Types only Haven's workflows write are offered read-only, as the gate enforces.
    const interactions = (type: string) =>
      (
        statement.rest[0]?.resource.find((r) => r.type === type) as
          { interaction: { code: string }[] } | undefined
      )?.interaction.map((i) => i.code);
    for (const type of ['Communication', 'Task']) {
      expect(interactions(type)).toEqual(['read', 'vread', 'history-instance', 'search-type']);
    }
    expect(interactions('Observation')).toContain('create');
  });

  it('creates, reads, updates with If-Match, vreads, lists history and deletes', async () => {
    const { call, chart } = await setting();
    const created = await call('POST', '/Observation', heartRate(chart.patientId));
    expect(created.statusCode).toBe(201);
    const body = created.json<Observation>();
    expect(created.headers.location).toContain(`/fhir/R4/Observation/${body.id}/_history/1`);
    expect(created.headers.etag).toBe('W/"1"');
    const read = await call('GET', `/Observation/${body.id}`);
    expect(read.json<Observation>().valueQuantity?.value).toBe(64);
    const stale = await call(
      'PUT',
      `/Observation/${body.id}`,
      { ...body, status: 'amended' },
      { 'if-match': 'W/"9"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(stale.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
    const updated = await call(
      'PUT',
      `/Observation/${body.id}`,
      { ...body, status: 'amended' },
      { 'if-match': 'W/"1"' },
    );
    expect(updated.statusCode).toBe(200);
    expect(updated.headers.etag).toBe('W/"2"');
    expect(
      (await call('GET', `/Observation/${body.id}/_history/1`)).json<Observation>().status,
    ).toBe('final');
    const history = (await call('GET', `/Observation/${body.id}/_history`)).json<Bundle>();
    expect(history.entry?.map((e) => e.response?.etag)).toEqual(['W/"2"', 'W/"1"']);
    expect((await call('DELETE', `/Observation/${body.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/Observation/${body.id}`)).statusCode).toBe(404);
  });

  it('searches with paging links, includes the patient, and runs Patient/$everything', async () => {
    const { call, chart } = await setting();
    await call('POST', '/Observation', heartRate(chart.patientId));
    const page = (
      await call(
        'GET',
        `/Observation?patient=${chart.patientId}&_count=1&_include=Observation:patient`,
      )
    ).json<Bundle>();
    expect(page.type).toBe('searchset');
    expect(page.entry?.filter((e) => e.search?.mode === 'match')).toHaveLength(1);
    expect(page.entry?.find((e) => e.search?.mode === 'include')?.resource?.resourceType).toBe(
      'Patient',
    );
    expect(page.link?.find((l) => l.relation === 'next')?.url).toContain('_offset=1');
    const everything = (
      await call('GET', `/Patient/${chart.patientId}/$everything`)
    ).json<Bundle>();
    const types = everything.entry?.map((e) => e.resource?.resourceType);
    // The clinician holds no PSY grant and no billing role: no condition, no coverage.
    expect(types?.[0]).toBe('Patient');
    expect(types).toContain('Observation');
    expect(types).not.toContain('Condition');
    expect(types).not.toContain('Coverage');
  });

  it('runs a transaction Bundle all or nothing, with urn:uuid references rewritten', async () => {
    const { call, tenantId, chart } = await setting();
    const patientUrl = `urn:uuid:${randomUUID()}`;
    const patient: Patient = {
      resourceType: 'Patient',
      name: [{ family: 'Transactional', given: ['Tess'] }],
      gender: 'female',
      birthDate: '1970-01-01',
    };
    const relative = {
      resourceType: 'RelatedPerson',
      patient: { reference: patientUrl },
      name: [{ family: 'Transactional', given: ['Theo'] }],
    };
    const entries = (third: unknown) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: patientUrl, resource: patient, request: { method: 'POST', url: 'Patient' } },
        { resource: relative, request: { method: 'POST', url: 'RelatedPerson' } },
        { resource: third, request: { method: 'POST', url: 'Observation' } },
      ],
    });
    const before = (await storedVersions(tenantId)).length;
    const invalid = await call(
      'POST',
      '',
      entries({ ...heartRate(chart.patientId), status: 'no' }),
    );
    expect(invalid.statusCode).toBe(422);
    expect(JSON.stringify(invalid.json())).toContain('Bundle.entry[2]');
    // A result for the new patient, whom this clinician does not treat: refused, all undone.
    const refused = await call(
      'POST',
      '',
      entries({ ...heartRate('x'), subject: { reference: patientUrl } }),
    );
    expect(refused.statusCode).toBe(404);
    expect((await storedVersions(tenantId)).length).toBe(before);

    const ok = await call('POST', '', entries(heartRate(chart.patientId)));
    expect(ok.statusCode).toBe(200);
    const response = ok.json<Bundle>();
    expect(response.type).toBe('transaction-response');
    expect(response.entry?.map((e) => e.response?.status)).toEqual([
      '201 Created',
      '201 Created',
      '201 Created',
    ]);
    const patientRef = response.entry?.[0]?.response?.location?.split('/_history')[0];
    const relativeId = response.entry?.[1]?.response?.location?.split('/')[1];
    const storedRelative = await call('GET', `/RelatedPerson/${relativeId}`);
    expect(storedRelative.json<{ patient: { reference: string } }>().patient.reference).toBe(
      patientRef,
    );
    expect((await storedVersions(tenantId)).length).toBe(before + 3);

    // Two updates of one record in one Bundle: each is the next version of what came before.
    const current = (await call('GET', `/Observation/${chart.observationId}`)).json<Observation>();
    const update = (value: number) => ({
      resource: { ...current, valueQuantity: { value, unit: '%' } },
      request: { method: 'PUT', url: `Observation/${chart.observationId}` },
    });
    const twice = await call('POST', '', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [update(7.1), update(7.2)],
    });
    expect(twice.statusCode, twice.body).toBe(200);
    const after = (await call('GET', `/Observation/${chart.observationId}`)).json<Observation>();
    expect(after.meta?.versionId).toBe(String(Number(current.meta?.versionId) + 2));
    expect(after.valueQuantity?.value).toBe(7.2);
  });

  it('refuses bad input with an OperationOutcome and stores nothing', async () => {
    const { call, tenantId, chart } = await setting();
    const elsewhere = await chartWithRecords(
      db,
      keyring,
      (await createTestTenant(db)).id,
      new Date(),
    );
    const foreignId = elsewhere.observationId;
    const before = (await storedVersions(tenantId)).length;
    const cases: [string, string, unknown, number][] = [
      ['POST', '/Observation', '{"resourceType": "Observation", ', 400],
      ['POST', '/Spaceship', { resourceType: 'Spaceship' }, 404],
      ['POST', '/Observation', { ...heartRate(chart.patientId), resourceType: 'Patient' }, 400],
      ['POST', '/Observation', { ...heartRate(chart.patientId), status: 'maybe' }, 422],
      ['POST', '/Observation', { ...heartRate(chart.patientId), valueQuantity: 'high' }, 400],
      ['POST', '/Observation', heartRate(randomUUID()), 404],
      // A reference to a record of another practice (or to nothing) is refused, not stored.
      [
        'POST',
        '/Observation',
        { ...heartRate(chart.patientId), derivedFrom: [{ reference: `Observation/${foreignId}` }] },
        422,
      ],
    ];
    for (const [method, url, body, status] of cases) {
      const res = await call(method as 'POST', url, body);
      expect({ url, status: res.statusCode }).toEqual({ url, status });
      expect(res.json<OperationOutcome>().resourceType).toBe('OperationOutcome');
    }
    expect((await storedVersions(tenantId)).length).toBe(before);
  });

  it('checks the token in the same transaction as the read: revoked, removed or out of scope, nothing is read or audited', async () => {
    const { app, call, chart, clock, tenantId, userId } = await setting();
    const url = `/fhir/R4/Observation/${chart.observationId}`;
    const get = (authorization: string) =>
      app.inject({ method: 'GET', url, headers: { authorization } });
    const accessEntries = () =>
      tenantTransaction(db, tenantId, (tx) =>
        tx
          .selectFrom('audit_entry')
          .select('action')
          .where('tenant_id', '=', tenantId)
          .where('resource_type', '=', 'Observation')
          .execute(),
      );
    expect((await call('GET', `/Observation/${chart.observationId}`)).statusCode).toBe(200);
    const audited = (await accessEntries()).length;

    const holder = { staff: { tenantId, userId } };
    const narrow = await issueTestToken(db, keyring, holder, {
      now: clock.now(),
      scopes: ['user/Patient.rs'],
    });
    const outOfScope = await get(narrow.authorization);
    expect(outOfScope.statusCode).toBe(403);
    expect(outOfScope.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(outOfScope.json()).toMatchObject({ resourceType: 'OperationOutcome' });

    const revoked = await issueTestToken(db, keyring, holder, { now: clock.now() });
    await tenantTransaction(db, tenantId, (tx) =>
      tx
        .updateTable('api_token')
        .set({ revoked_at: clock.now() })
        .where('id', '=', revoked.tokenId)
        .execute(),
    );
    const afterRevoke = await get(revoked.authorization);
    expect(afterRevoke.statusCode).toBe(401);
    expect(afterRevoke.headers['www-authenticate']).toContain('error="invalid_token"');

    const kept = await issueTestToken(db, keyring, holder, { now: clock.now() });
    expect((await get(kept.authorization)).statusCode).toBe(200);
    await tenantTransaction(db, tenantId, (tx) =>
      tx
        .deleteFrom('practice_membership')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute(),
    );
    const removed = await get(kept.authorization);
    expect(removed.statusCode).toBe(401);
    expect(removed.headers['www-authenticate']).toContain('error="invalid_token"');
    // Only the two reads that were answered were audited as accesses.
    expect((await accessEntries()).length).toBe(audited + 1);
  });

  it('refuses a well-formed token it never issued, before saying whether any record exists', async () => {
    const { app, chart, tenantId } = await setting();
    const stored = `/fhir/R4/Observation/${chart.observationId}`;
    for (const practice of [randomUUID(), tenantId]) {
      const authorization = `Bearer ${newBearerToken(practice, 'personal')}`;
      for (const url of [
        '/fhir/R4/Observation',
        stored,
        `/fhir/R4/Observation/${randomUUID()}`,
        `${stored}/_history`,
        `${stored}/_history/1`,
      ]) {
        const res = await app.inject({ method: 'GET', url, headers: { authorization } });
        expect(res.statusCode, url).toBe(401);
        expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      }
    }
  });

  it('refuses a missing or foreign token, and a token of another practice finds nothing', async () => {
    const { app, call, chart } = await setting();
    const anonymous = await app.inject({
      method: 'GET',
      url: `/fhir/R4/Observation/${chart.observationId}`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toContain('Bearer');
    expect((await call('GET', `/Observation/${chart.observationId}`)).statusCode).toBe(200);
    const elsewhere = (await createTestTenant(db)).id;
    const stranger = await clearedStaff(db, keyring, elsewhere, 'clinician', new Date());
    const foreign = await issueTestToken(db, keyring, {
      staff: { tenantId: elsewhere, userId: stranger },
    });
    const res = await app.inject({
      method: 'GET',
      url: `/fhir/R4/Observation/${chart.observationId}`,
      headers: { authorization: foreign.authorization },
    });
    expect(res.statusCode).toBe(404);
  });

  it('lets a system client write results within its scopes, never sensitive data', async () => {
    const { app, tenantId, chart } = await setting();
    const lab = await issueTestToken(
      db,
      keyring,
      { client: { tenantId } },
      { scopes: ['system/Observation.cr'] },
    );
    const post = (body: unknown) =>
      app.inject({
        method: 'POST',
        url: '/fhir/R4/Observation',
        headers: { authorization: lab.authorization, 'content-type': 'application/fhir+json' },
        payload: JSON.stringify(body),
      });
    expect((await post(heartRate(chart.patientId))).statusCode).toBe(201);
    const labelled = {
      ...heartRate(chart.patientId),
      meta: {
        security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HIV' }],
      },
    };
    expect((await post(labelled)).statusCode).toBe(404);
    const outOfScope = await app.inject({
      method: 'GET',
      url: `/fhir/R4/Condition/${chart.psychConditionId}`,
      headers: { authorization: lab.authorization },
    });
    expect(outOfScope.statusCode).toBe(403);
  });
});
