import { randomUUID } from 'node:crypto';
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import { insertGrant } from '../break-glass/break-glass-grants.js';
import { buildRestriction, decideRestriction } from '../consents/consent-coding.js';
import { RecordKeys } from '../records/record-keys.js';
import { writeVersion } from '../records/record-store.js';
import { countingDatabase } from '../../test/statement-counter.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import {
  chartWithRecords,
  clearedStaff,
  grantLabels,
  joinCareTeam,
  type ChartFixture,
} from './gate-test-fixtures.js';
import { AuditWriter } from '../audit/index.js';
import { parseSearch } from '../fhir/search/search-request.js';
import { RecordRepository } from './record-repository.js';
import type { Principal } from './gate-actor.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db);
});
afterAll(async () => db.close());

const NOW = new Date('2026-11-20T10:00:00Z');

function repo(principal: Principal, now = NOW): RecordRepository {
  return new RecordRepository({ db, keyring, now: () => now }, principal, {
    sourceAddress: '10.0.0.9',
  });
}

async function auditRows(tenantId: string) {
  return tenantTransaction(db, tenantId, (tx) =>
    tx
      .selectFrom('audit_entry')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('at')
      .execute(),
  );
}

async function practice(): Promise<{ tenantId: string; chart: ChartFixture }> {
  const tenantId = (await createTestTenant(db)).id;
  return { tenantId, chart: await chartWithRecords(db, keyring, tenantId, NOW) };
}

async function staff(tenantId: string, role: Parameters<typeof clearedStaff>[3]) {
  const userId = await clearedStaff(db, keyring, tenantId, role, NOW);
  return { principal: { kind: 'staff', tenantId, userId } as const, userId };
}

async function expectNotFound(promise: Promise<unknown>) {
  await expect(promise).rejects.toMatchObject({ code: 'not_found', status: 404 });
}

describe('the record repository (the access gate on every read and write)', () => {
  it('lets a clinician on the care team read a result, and audits the read before answering', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    const observation = (await repo(principal).read(
      'Observation',
      chart.observationId,
    )) as Observation;
    expect(observation.valueQuantity?.value).toBe(6.9);
    const rows = await auditRows(tenantId);
    expect(rows.at(-1)).toMatchObject({
      action: 'read',
      outcome: 'allowed',
      reason_code: 'allowed_care_team',
      purpose_of_use: 'TREAT',
      patient_id: chart.patientId,
      actor_user_id: userId,
      resource_type: 'Observation',
      resource_id: chart.observationId,
      data_category: 'results',
      source_address: '10.0.0.9',
    });
  });

  it('answers not found to a clinician outside the care team, and audits the denial', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await expectNotFound(repo(principal).read('Observation', chart.observationId));
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({
      action: 'read',
      outcome: 'denied',
      reason_code: 'denied_no_care_relationship',
      actor_user_id: userId,
    });
  });

  it('hides sensitive records from a treating clinician without that label, and shows them with it', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    await expectNotFound(repo(principal).read('Condition', chart.psychConditionId));
    const listed = await repo(principal).searchPatient(chart.patientId);
    expect(listed.map((r) => r.id)).not.toContain(chart.psychConditionId);
    expect(listed.map((r) => r.id)).toContain(chart.observationId);
    await grantLabels(db, tenantId, userId, ['PSY']);
    const condition = await repo(principal).read('Condition', chart.psychConditionId);
    expect(condition.id).toBe(chart.psychConditionId);
    // The audit names the category of data, never the sensitivity label.
    const rows = await auditRows(tenantId);
    expect(rows.some((r) => JSON.stringify(r).includes('PSY'))).toBe(false);
    expect(rows.filter((r) => r.reason_code === 'denied_sensitive').length).toBeGreaterThan(0);
  });

  it('a front-desk update changes only what the desk sees: the rest is kept, never shown, and never changed by it', async () => {
    const { tenantId, chart } = await practice();
    const clinician = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, clinician.userId, NOW);
    const full = await repo(clinician.principal).read('Patient', chart.patientId);
    const race = {
      url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
      extension: [{ url: 'text', valueString: 'Asian' }],
    };
    await repo(clinician.principal).write({
      action: 'update',
      resource: { ...full, extension: [race] } as Resource,
    });

    const desk = (await staff(tenantId, 'front_desk')).principal;
    const seen = (await repo(desk).read('Patient', chart.patientId)) as Patient;
    expect(seen.extension).toBeUndefined();
    expect(seen.meta?.versionId).toBe('2');
    const answered = (await repo(desk).write({
      action: 'update',
      resource: { ...seen, telecom: [{ system: 'phone', value: '555-0111' }] },
      expectedVersion: 2,
    })) as Patient;
    // The answer is what the desk may see, like a read; the stored version keeps the rest.
    expect(answered.extension).toBeUndefined();
    expect(answered.telecom).toEqual([{ system: 'phone', value: '555-0111' }]);
    const stored = (await repo(clinician.principal).read('Patient', chart.patientId)) as Patient;
    expect(stored.extension).toEqual([race]);
    expect(stored.telecom).toEqual([{ system: 'phone', value: '555-0111' }]);
    expect(stored.meta?.versionId).toBe('3');

    // A field the desk cannot see is not the desk's to change: refused, nothing written.
    const relabel = repo(desk).write({
      action: 'update',
      resource: { ...seen, meta: { security: [] }, extension: [] } as unknown as Resource,
    });
    await expect(relabel).rejects.toMatchObject({
      code: 'unprocessable',
      issues: [
        {
          location: 'Patient.extension',
          message: 'is not shown to your role, so it cannot be changed by it',
        },
      ],
    });
    const after = (await repo(clinician.principal).read('Patient', chart.patientId)) as Patient;
    expect(after.meta?.versionId).toBe('3');
  });

  it('shows billing the coverage and an administrative view of the patient, never results', async () => {
    const { tenantId, chart } = await practice();
    const { principal } = await staff(tenantId, 'billing');
    const found = await repo(principal).searchPatient(chart.patientId);
    expect(found.map((r) => r.resourceType).sort()).toEqual(['Coverage', 'Patient']);
    await expectNotFound(repo(principal).read('Observation', chart.observationId));
    const patient = found.find((r) => r.resourceType === 'Patient')!;
    expect(Object.keys(patient).includes('text')).toBe(false);
    // Of meta, only the version (for If-Match): no labels, tags or profiles.
    expect(Object.keys(patient.meta ?? {}).sort()).toEqual(['lastUpdated', 'versionId']);
  });

  it('lets a patient read their own record and nobody else’s', async () => {
    const { tenantId, chart } = await practice();
    const other = await chartWithRecords(db, keyring, tenantId, NOW);
    const me = {
      kind: 'patient',
      userId: randomUUID(),
      tenantId,
      patientId: chart.patientId,
    } as const;
    const mine = await repo(me).searchPatient(chart.patientId);
    expect(mine.map((r) => r.id)).toContain(chart.psychConditionId);
    await expectNotFound(repo(me).read('Observation', other.observationId));
    expect(await repo(me).searchPatient(other.patientId)).toEqual([]);
  });

  it('holds back a result the patient chose to see later, from them only, until its time', async () => {
    const { tenantId, chart } = await practice();
    const releaseAt = new Date(NOW.getTime() + 3 * 86_400_000);
    const delayed = {
      resourceType: 'Observation',
      id: randomUUID(),
      status: 'final',
      code: { text: 'Biopsy result' },
      subject: { reference: `Patient/${chart.patientId}` },
      meta: {
        tag: [
          {
            system: 'https://haven.example/fhir/CodeSystem/result-release',
            code: 'patient-delayed',
          },
        ],
      },
      extension: [
        {
          url: 'https://haven.example/fhir/StructureDefinition/result-release-at',
          valueDateTime: releaseAt.toISOString(),
        },
      ],
    } as Resource;
    const keys = await RecordKeys.load(keyring, tenantId, [chart.patientId], { create: false });
    await tenantTransaction(db, tenantId, (tx) =>
      writeVersion(tx, tenantId, keys, delayed, { now: NOW }),
    );
    const me = {
      kind: 'patient',
      userId: randomUUID(),
      tenantId,
      patientId: chart.patientId,
    } as const;
    await expectNotFound(repo(me).read('Observation', delayed.id!));
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({
      reason_code: 'denied_release_delayed',
    });
    const listed = await repo(me).searchPatient(chart.patientId, ['Observation']);
    expect(listed.map((r) => r.id)).not.toContain(delayed.id);
    const later = new Date(releaseAt.getTime() + 1000);
    expect((await repo(me, later).read('Observation', delayed.id!)).id).toBe(delayed.id);
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    expect((await repo(principal).read('Observation', delayed.id!)).id).toBe(delayed.id);
  });

  it('keeps a guardian out of the categories the teen policy excludes', async () => {
    const { tenantId, chart } = await practice();
    const guardian = {
      kind: 'proxy',
      userId: randomUUID(),
      tenantId,
      patientId: chart.patientId,
      scopes: ['read'],
      excludedCategories: ['PSY', 'SEX'],
    } as const;
    const seen = await repo(guardian).searchPatient(chart.patientId);
    expect(seen.map((r) => r.id)).toContain(chart.observationId);
    expect(seen.map((r) => r.id)).not.toContain(chart.psychConditionId);
    await expectNotFound(repo(guardian).read('Condition', chart.psychConditionId));
  });

  it('finds nothing of another practice, by id or by search', async () => {
    const { chart } = await practice();
    const elsewhere = (await createTestTenant(db)).id;
    const { principal, userId } = await staff(elsewhere, 'clinician');
    await joinCareTeam(db, elsewhere, chart.patientId, userId, NOW);
    await expectNotFound(repo(principal).read('Observation', chart.observationId));
    expect(await repo(principal).searchPatient(chart.patientId)).toEqual([]);
  });

  it('opens a chart by break-the-glass for its time only, flagged in the audit', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await tenantTransaction(db, tenantId, (tx) =>
      insertGrant(tx, {
        tenantId,
        id: randomUUID(),
        userId,
        patientId: chart.patientId,
        reasonCode: 'emergency_care',
        reasonSealed: Buffer.from('sealed elsewhere'),
        grantedAt: NOW,
        expiresAt: new Date(NOW.getTime() + 60 * 60_000),
      }),
    );
    const during = new Date(NOW.getTime() + 30 * 60_000);
    expect((await repo(principal, during).read('Observation', chart.observationId)).id).toBe(
      chart.observationId,
    );
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({
      outcome: 'allowed',
      reason_code: 'allowed_break_glass',
      purpose_of_use: 'ETREAT',
      break_glass: true,
    });
    const after = new Date(NOW.getTime() + 61 * 60_000);
    await expectNotFound(repo(principal, after).read('Observation', chart.observationId));
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({
      outcome: 'denied',
      reason_code: 'denied_break_glass_expired',
    });
  });

  it('a restriction binds a treating clinician once granted, and not while only requested', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    const request = buildRestriction({
      id: randomUUID(),
      patientId: chart.patientId,
      categories: [],
      resourceTypes: ['Observation'],
      appliesToUserId: userId,
      reason: 'Personal reasons',
      now: NOW,
    });
    const keys = await RecordKeys.load(keyring, tenantId, [chart.patientId], { create: false });
    await tenantTransaction(db, tenantId, (tx) =>
      writeVersion(tx, tenantId, keys, request, { now: NOW }),
    );
    expect((await repo(principal).read('Observation', chart.observationId)).id).toBe(
      chart.observationId,
    );
    const granted = decideRestriction(request, { decision: 'granted', decidedBy: userId, at: NOW });
    await tenantTransaction(db, tenantId, (tx) =>
      writeVersion(tx, tenantId, keys, granted, { now: NOW }),
    );
    // The very next request is refused; data outside the restriction stays open.
    await expectNotFound(repo(principal).read('Observation', chart.observationId));
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({ reason_code: 'denied_restricted' });
    const rest = await repo(principal).searchPatient(chart.patientId);
    expect(rest.map((r) => r.resourceType)).not.toContain('Observation');
    expect(rest.map((r) => r.resourceType)).toContain('Patient');
  });

  it('opens records whose keys this process has not cached, reading the keys in the same transaction, audited once', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    // A node that has never seen this patient: the key is found missing inside the transaction.
    const coldKeyring = testKeyring(db);
    const storePath = vi.spyOn(coldKeyring, 'patientKeySet');
    const before = (await auditRows(tenantId)).length;
    const coldRepo = new RecordRepository({ db, keyring: coldKeyring, now: () => NOW }, principal);
    const observation = (await coldRepo.read('Observation', chart.observationId)) as Observation;
    expect(observation.valueQuantity?.value).toBe(6.9);
    const page = await coldRepo.search(parseSearch('Observation', [['patient', chart.patientId]]));
    expect(page.resources.map((r) => r.id)).toContain(chart.observationId);
    // The patient's key was read inside each transaction, not fetched on the side and run again.
    expect(storePath).not.toHaveBeenCalled();
    // One entry for the read, one for the search.
    const entries = (await auditRows(tenantId)).slice(before);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([
      ['read', 'allowed'],
      ['search', 'allowed'],
    ]);
    // And not in a statement of its own: it comes with the staff member's context for the
    // patient, so a node that has not cached it sends what a node that has sends.
    const statementsOf = async (work: (r: RecordRepository) => Promise<unknown>) => {
      // The key store's reads are counted too: a key fetched on the side is a statement sent.
      const counting = countingDatabase(db);
      const coldKeys = testKeyring(counting.db);
      // The practice's key, which a node holds after its first request of the practice.
      await RecordKeys.load(coldKeys, tenantId, [], { create: false });
      const cold = { db: counting.db, keyring: coldKeys, now: () => NOW };
      const start = counting.count();
      await work(new RecordRepository(cold, principal));
      const coldCount = counting.count() - start;
      await work(new RecordRepository({ ...cold, keyring }, principal));
      return { cold: coldCount, warm: counting.count() - start - coldCount };
    };
    const reads = await statementsOf((r) => r.read('Observation', chart.observationId));
    expect(reads.cold).toBe(reads.warm);
    const searches = await statementsOf((r) =>
      r.search(parseSearch('Observation', [['patient', chart.patientId]])),
    );
    expect(searches.cold).toBe(searches.warm);
  });

  it('audits reads through the group-commit writer before answering, and answers nothing if that fails', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    const withWriter = (auditWriter: AuditWriter) =>
      new RecordRepository({ db, keyring, now: () => NOW, auditWriter }, principal);
    const before = (await auditRows(tenantId)).length;
    const writer = new AuditWriter(db);
    const reads = await Promise.all([
      withWriter(writer).read('Observation', chart.observationId),
      withWriter(writer).searchPatient(chart.patientId, ['Observation']),
    ]);
    expect(reads[0].id).toBe(chart.observationId);
    // Both entries were durable when the calls returned (no flush needed).
    const entries = (await auditRows(tenantId)).slice(before);
    expect(entries.map((e) => e.action).sort()).toEqual(['read', 'search']);
    const failing = { append: () => Promise.reject(new Error('the disk is full')) };
    await expect(
      withWriter(failing as unknown as AuditWriter).read('Observation', chart.observationId),
    ).rejects.toThrow('the disk is full');
  });

  it('reads a record whose patient key was destroyed (erased) as not found', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    await keyring.destroy(patientScope(tenantId, chart.patientId));
    await expectNotFound(repo(principal).read('Observation', chart.observationId));
    const cold = new RecordRepository({ db, keyring: testKeyring(db), now: () => NOW }, principal);
    await expectNotFound(cold.read('Observation', chart.observationId));
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({
      action: 'read',
      outcome: 'denied',
      reason_code: 'not_found',
    });
  });

  it('records an absent or malformed id as a denied read, not an error', async () => {
    const { tenantId } = await practice();
    const { principal } = await staff(tenantId, 'clinician');
    await expectNotFound(repo(principal).read('Observation', randomUUID()));
    await expectNotFound(repo(principal).read('Observation', 'not-a-uuid'));
    expect((await auditRows(tenantId)).at(-1)).toMatchObject({
      outcome: 'denied',
      reason_code: 'not_found',
    });
  });
});

describe('writes through the gate', () => {
  const observation = (patientId: string): Resource => ({
    resourceType: 'Observation',
    status: 'final',
    subject: { reference: `Patient/${patientId}` },
    code: { text: 'Heart rate' },
    valueQuantity: { value: 72, unit: '/min' },
  });

  it('creates, updates with the version checked, and deletes keeping history', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    const created = await repo(principal).write({
      action: 'create',
      resource: observation(chart.patientId),
    });
    expect(created.meta?.versionId).toBe('1');
    const changed = { ...created, status: 'amended' } as Resource;
    await expect(
      repo(principal).write({ action: 'update', resource: changed, expectedVersion: 7 }),
    ).rejects.toMatchObject({ status: 412 });
    const updated = await repo(principal).write({
      action: 'update',
      resource: changed,
      expectedVersion: 1,
    });
    expect(updated.meta?.versionId).toBe('2');
    await repo(principal).write({ action: 'delete', resourceType: 'Observation', id: created.id! });
    await expectNotFound(repo(principal).read('Observation', created.id!));
    const versions = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('fhir_resource').select('version_id').where('id', '=', created.id!).execute(),
    );
    expect(versions).toHaveLength(3);
    const actions = (await auditRows(tenantId)).map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual(
      expect.arrayContaining(['create:allowed', 'update:allowed', 'delete:allowed']),
    );
  });

  it('refuses billing a clinical write (403) and a nurse a delete, storing nothing', async () => {
    const { tenantId, chart } = await practice();
    const billing = await staff(tenantId, 'billing');
    await expect(
      repo(billing.principal).write({ action: 'create', resource: observation(chart.patientId) }),
    ).rejects.toMatchObject({ status: 403 });
    const nurse = await staff(tenantId, 'nurse');
    await joinCareTeam(db, tenantId, chart.patientId, nurse.userId, NOW);
    await expect(
      repo(nurse.principal).write({
        action: 'delete',
        resourceType: 'Observation',
        id: chart.observationId,
      }),
    ).rejects.toMatchObject({ status: 403 });
    const count = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('fhir_resource').select('id').where('tenant_id', '=', tenantId).execute(),
    );
    expect(count).toHaveLength(4);
  });

  it('refuses to relabel or edit a sensitive record without that label', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    const unlabelled = {
      resourceType: 'Condition',
      id: chart.psychConditionId,
      subject: { reference: `Patient/${chart.patientId}` },
      code: { text: 'Anything' },
    } as Resource;
    await expectNotFound(repo(principal).write({ action: 'update', resource: unlabelled }));
  });

  it('answers 422 for a record naming a patient that does not exist', async () => {
    const { tenantId } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    const ghost = randomUUID();
    await joinCareTeam(db, tenantId, ghost, userId, NOW);
    await expect(
      repo(principal).write({ action: 'create', resource: observation(ghost) }),
    ).rejects.toMatchObject({ status: 422 });
    // Nor is a key left behind for the made-up patient.
    const keyRows = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('patient_key').select('patient_id').where('patient_id', '=', ghost).execute(),
    );
    expect(keyRows).toEqual([]);
  });

  it('writes from a node that has no keys cached, in one transaction run again once they are fetched', async () => {
    const { tenantId, chart } = await practice();
    const { principal, userId } = await staff(tenantId, 'clinician');
    await joinCareTeam(db, tenantId, chart.patientId, userId, NOW);
    const cold = new RecordRepository({ db, keyring: testKeyring(db), now: () => NOW }, principal);
    const created = await cold.write({ action: 'create', resource: observation(chart.patientId) });
    expect(created.meta?.versionId).toBe('1');
    const warm = await repo(principal).read('Observation', created.id!);
    expect(warm.id).toBe(created.id);
    const writes = (await auditRows(tenantId)).filter((e) => e.action === 'create');
    expect(writes).toHaveLength(1);
  });
});
