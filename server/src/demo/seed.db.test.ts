import { sql } from 'kysely';
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  platformScope,
  InMemoryWrappedKeyStore,
  Keyring,
  LocalMasterKeyProvider,
  patientScope,
} from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { findAccountByEmail } from '../identity/accounts/accounts.js';
import { staffClearance } from '../identity/staff/index.js';
import { unsealResource } from '../records/record-sealing.js';
import { createEmptyDatabase, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { migrate } from '../db/migrator.js';
import { DEMO_PATIENT_COUNT, seedDemo } from './seed.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  // The shared test keyring: on PostgreSQL one database (and its platform key) serves every file.
  keyring = testKeyring(db);
});
afterAll(() => db.close());

describe('demo seed', () => {
  it('creates the demo practice with staff and sealed patient records, once', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const first = await seedDemo(db, keyring, { now });
    expect(first.created).toBe(true);
    expect(first.patients).toBe(DEMO_PATIENT_COUNT);
    expect(first.signIns.map((s) => s.role)).toEqual(
      expect.arrayContaining([
        'clinician',
        'nurse',
        'front_desk',
        'billing',
        'practice_admin',
        'privacy_officer',
        'researcher',
      ]),
    );

    const tenantId = first.practice.id;
    const rows = await systemTransaction(db, (tx) =>
      tx.selectFrom('fhir_resource').selectAll().where('tenant_id', '=', tenantId).execute(),
    );
    expect(rows).toHaveLength(first.resources);
    const patients = rows.filter((r) => r.resource_type === 'Patient');
    expect(patients).toHaveLength(DEMO_PATIENT_COUNT);

    // Each record opens with its patient's key, and only with the row it was written for.
    const row = patients[0]!;
    const key = await keyring.dataKey(patientScope(tenantId, row.patient_id!));
    const address = { tenantId, resourceType: 'Patient', id: row.id, version: 1 };
    const patient = unsealResource(key, address, row.sealed) as Patient;
    expect(patient.id).toBe(row.id);
    expect(patient.meta?.versionId).toBe('1');
    expect(() => unsealResource(key, { ...address, id: patients[1]!.id }, row.sealed)).toThrow();

    // No name, birth date or email of any patient is readable anywhere in the stored bytes.
    const dump = await sql<{ text: string }>`
      select string_agg(encode(sealed, 'escape'), '') as text from fhir_resource where tenant_id = ${tenantId}
    `.execute(db.unsafeKysely);
    const users = await sql<{ text: string }>`
      select string_agg(encode(email_sealed, 'escape') || encode(name_sealed, 'escape') || email_index, '') as text from app_user
    `.execute(db.unsafeKysely);
    const stored = `${dump.rows[0]?.text ?? ''}${users.rows[0]?.text ?? ''}`;
    expect(stored.length).toBeGreaterThan(10_000);
    const family = patient.name?.[0]?.family ?? '';
    expect(family.length).toBeGreaterThan(1);
    for (const value of [
      family,
      patient.birthDate ?? '',
      patient.telecom?.find((t) => t.system === 'email')?.value ?? '',
      'demo.haven.test',
    ]) {
      expect(value).not.toBe('');
      expect(stored).not.toContain(value);
    }

    // The demo people are ready to use: clinicians cleared for clinical work, patients active,
    // the guardian's access to the 15-year-old without the teen-confidential categories.
    const clinician = await systemTransaction(db, async (tx) => {
      const key = await keyring.dataKey(platformScope());
      return findAccountByEmail(tx, key, 'clinician@demo.haven.test');
    });
    const clearance = await tenantTransaction(db, tenantId, (tx) =>
      staffClearance(tx, { tenantId, userId: clinician?.id ?? '', now }),
    );
    expect(clearance).toMatchObject({ patientData: true, clinicalAccess: true, licence: 'valid' });
    expect(first.patientSignIns.map((p) => p.email)).toEqual([
      'patient@demo.haven.test',
      'teen@demo.haven.test',
      'guardian@demo.haven.test',
    ]);
    const guardianGrants = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('proxy_grant').select(['patient_id', 'basis']).execute(),
    );
    expect(guardianGrants).toHaveLength(2);
    const active = await tenantTransaction(db, tenantId, (tx) =>
      tx.selectFrom('patient_account').select('status').execute(),
    );
    expect(active.map((a) => a.status)).toEqual(['active', 'active']);

    const second = await seedDemo(db, keyring, { now });
    expect(second.created).toBe(false);
    const count = await systemTransaction(db, (tx) =>
      tx
        .selectFrom('fhir_resource')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(first.resources);
  }, 120_000);

  it('a failing seed leaves no demo practice behind', async () => {
    const broken = new Keyring(
      LocalMasterKeyProvider.fromConfig({ keys: `t:${Buffer.alloc(32, 4).toString('base64')}` }),
      new InMemoryWrappedKeyStore(),
    );
    // Patient keys resolve, but the platform key store refuses: the seed fails part-way.
    broken.dataKey = (scope) =>
      scope.kind === 'platform'
        ? Promise.reject(new Error('key store down'))
        : Keyring.prototype.dataKey.call(broken, scope);
    const empty = await createEmptyDatabase();
    try {
      await migrate(empty.db);
      await expect(seedDemo(empty.db, broken)).rejects.toThrow('key store down');
      const left = await systemTransaction(empty.db, async (tx) => ({
        practices: await tx.selectFrom('practice').select('id').execute(),
        records: await tx.selectFrom('fhir_resource').select('id').execute(),
        users: await tx.selectFrom('app_user').select('id').execute(),
      }));
      expect(left).toEqual({ practices: [], records: [], users: [] });
    } finally {
      await empty.drop();
    }
  });
});
