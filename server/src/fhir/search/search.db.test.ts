import type { Observation, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../crypto/index.js';
import type { HavenDatabase } from '../../db/database.js';
import { tenantTransaction } from '../../db/transactions.js';
import { clearedStaff, joinCareTeam } from '../../gate/gate-test-fixtures.js';
import { RecordRepository } from '../../gate/record-repository.js';
import type { StaffPrincipal } from '../../gate/gate-actor.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { createTestPatient } from '../../../test/patient-fixtures.js';
import { parseSearch } from './search-request.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(async () => db.close());

const NOW = new Date('2026-11-20T10:00:00Z');

function observation(patientId: string, code: string, when: string, value: number): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
          },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: when,
    valueQuantity: { value, unit: '%' },
  };
}

/** A practice with two patients, A1c results for the first, and a clinician treating only them. */
async function practice() {
  const tenantId = (await createTestTenant(db)).id;
  const robin = await createTestPatient(db, keyring, tenantId, {
    birthDate: '1980-02-03',
    given: 'Robin',
    family: 'Álvarez-Smith',
  });
  const other = await createTestPatient(db, keyring, tenantId, {
    birthDate: '1990-07-08',
    given: 'Sam',
    family: 'Jones',
  });
  const userId = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
  await joinCareTeam(db, tenantId, robin.id, userId, NOW);
  const principal: StaffPrincipal = { kind: 'staff', tenantId, userId };
  const repo = new RecordRepository({ db, keyring, now: () => NOW }, principal);
  const written: Resource[] = [];
  for (const [code, when, value] of [
    ['4548-4', '2024-01-10T09:00:00Z', 7.1],
    ['4548-4', '2025-01-12T09:00:00Z', 6.8],
    ['2093-3', '2025-03-01T09:00:00Z', 190],
  ] as const) {
    written.push(
      await repo.write({ action: 'create', resource: observation(robin.id, code, when, value) }),
    );
  }
  // Another clinician treats the other patient and records a result there too.
  const colleague = await clearedStaff(db, keyring, tenantId, 'clinician', NOW);
  await joinCareTeam(db, tenantId, other.id, colleague, NOW);
  const theirs = new RecordRepository(
    { db, keyring, now: () => NOW },
    { kind: 'staff', tenantId, userId: colleague },
  );
  await theirs.write({
    action: 'create',
    resource: observation(other.id, '4548-4', '2025-05-05T00:00:00Z', 5.5),
  });
  return { tenantId, robin, other, repo, written, userId };
}

const search = (repo: RecordRepository, type: string, query: [string, string][]) =>
  repo.search(parseSearch(type, query));

describe('FHIR search through the gate', () => {
  it('finds observations by patient and code, with or without the system', async () => {
    const { repo, robin } = await practice();
    const bySystem = await search(repo, 'Observation', [
      ['patient', robin.id],
      ['code', 'http://loinc.org|4548-4'],
    ]);
    expect(bySystem.resources).toHaveLength(2);
    const byCode = await search(repo, 'Observation', [['code', '4548-4,2093-3']]);
    expect(byCode.resources).toHaveLength(3); // the other patient's result is left out
    const wrongSystem = await search(repo, 'Observation', [
      ['code', 'http://snomed.info/sct|4548-4'],
    ]);
    expect(wrongSystem.resources).toEqual([]);
  });

  it('compares dates with prefixes and sorts by them', async () => {
    const { repo } = await practice();
    const since = await search(repo, 'Observation', [['date', 'ge2025-01-01']]);
    expect(since.resources).toHaveLength(2);
    const inYear = await search(repo, 'Observation', [['date', '2024']]);
    expect(inYear.resources).toHaveLength(1);
    const between = await search(repo, 'Observation', [
      ['date', 'gt2024-06'],
      ['date', 'lt2025-02'],
    ]);
    expect(between.resources.map((r) => (r as Observation).valueQuantity?.value)).toEqual([6.8]);
    const sorted = await search(repo, 'Observation', [['_sort', '-date']]);
    expect(sorted.resources.map((r) => (r as Observation).effectiveDateTime)).toEqual([
      '2025-03-01T09:00:00Z',
      '2025-01-12T09:00:00Z',
      '2024-01-10T09:00:00Z',
    ]);
  });

  it('finds patients by name prefix, accent and case ignored, exact birth date and id', async () => {
    const { repo, robin, other } = await practice();
    const ids = async (query: [string, string][]) =>
      (await search(repo, 'Patient', query)).resources.map((r) => r.id);
    expect(await ids([['name', 'alv']])).toEqual([robin.id]);
    expect(await ids([['family', 'ALVAREZ']])).toEqual([robin.id]);
    expect(
      await ids([
        ['given', 'rob'],
        ['birthdate', '1980-02-03'],
      ]),
    ).toEqual([robin.id]);
    expect(await ids([['birthdate', '1980-02-04']])).toEqual([]);
    expect(await ids([['name:exact', 'robin']])).toEqual([robin.id]);
    expect(await ids([['_id', other.id]])).toEqual([other.id]);
  });

  it('leaves out records the actor may not see, and audits the search per patient', async () => {
    const { tenantId, repo, other } = await practice();
    const found = await search(repo, 'Observation', [['code', '4548-4']]);
    expect(found.resources).toHaveLength(2);
    expect(
      found.resources.every((r) => (r as Observation).subject?.reference !== `Patient/${other.id}`),
    ).toBe(true);
    const entries = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('audit_entry').selectAll().where('action', '=', 'search').execute(),
    );
    expect(entries.some((e) => e.outcome === 'allowed' && e.resource_type === 'Observation')).toBe(
      true,
    );
  });

  it('keeps the index in step with updates and deletes', async () => {
    const { repo, written } = await practice();
    const first = written[0] as Observation;
    await repo.write({
      action: 'update',
      resource: { ...first, code: { coding: [{ system: 'http://loinc.org', code: '17856-6' }] } },
    });
    expect((await search(repo, 'Observation', [['code', '17856-6']])).resources).toHaveLength(1);
    expect((await search(repo, 'Observation', [['code', '4548-4']])).resources).toHaveLength(1);
    await repo.write({ action: 'delete', resourceType: 'Observation', id: first.id! });
    expect((await search(repo, 'Observation', [['code', '17856-6']])).resources).toEqual([]);
  });

  it('pages with _count and _offset', async () => {
    const { repo } = await practice();
    const page1 = await search(repo, 'Observation', [
      ['_count', '2'],
      ['_sort', 'date'],
    ]);
    expect(page1.resources).toHaveLength(2);
    expect(page1.more).toBe(true);
    const page2 = await search(repo, 'Observation', [
      ['_count', '2'],
      ['_sort', 'date'],
      ['_offset', '2'],
    ]);
    expect(page2.resources).toHaveLength(1);
    expect(page2.more).toBe(false);
    // The pages follow the sort across the join with the stored rows.
    expect(
      [...page1.resources, ...page2.resources].map((r) => (r as Observation).effectiveDateTime),
    ).toEqual(['2024-01-10T09:00:00Z', '2025-01-12T09:00:00Z', '2025-03-01T09:00:00Z']);
  });

  it('stores no code, name or birth date in clear in the index', async () => {
    const { tenantId } = await practice();
    const rows = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('fhir_search_token').selectAll().where('tenant_id', '=', tenantId).execute(),
    );
    expect(rows.length).toBeGreaterThan(10);
    const text = JSON.stringify(rows).toLowerCase();
    for (const secret of ['4548', 'robin', 'alvarez', '1980-02-03', 'loinc', 'final']) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses what it does not support, naming the parameter', () => {
    for (const [type, query, location] of [
      ['Observation', [['flavour', 'x']], 'flavour'],
      ['Patient', [['name', 'ab']], 'name'],
      ['Observation', [['date', 'yesterday']], 'date'],
      ['Observation', [['patient', 'not-an-id']], 'patient'],
      ['Observation', [['_sort', 'code']], '_sort'],
      ['Observation', [['code:text', 'x']], 'code:text'],
    ] as const) {
      let caught: unknown;
      try {
        parseSearch(
          type,
          query.map(([k, v]) => [k, v]),
        );
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ status: 400, issues: [{ location }] });
    }
  });
});
