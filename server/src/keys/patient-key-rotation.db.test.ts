import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, patientScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { RecordKeys } from '../records/record-keys.js';
import { sealedKeyGeneration } from '../records/record-sealing.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import {
  chartSnapshot,
  observation,
  overwriteSealed,
  seedChart,
  seedOrganization,
  storedState,
  write,
} from './patient-key-rotation-fixtures.js';
import { insertGenerations } from './patient-key-generations.js';
import { rotatePatientDataKeys } from './patient-key-rotation.js';

let db: HavenDatabase;
let keyring: Keyring; // the job's node
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db, { cacheTtlMs: 0 });
});
afterAll(() => db.close());

// No waiting: no node here caches keys, and each unit of work below ends before the next step.
const instant = { keyCacheTtlMs: 0, unitOfWorkMs: 0 };

async function rotationAudits(tenantId: string) {
  return systemTransaction(db, (tx) =>
    tx
      .selectFrom('audit_entry')
      .select(['reason_code', 'data_category', 'actor_user_id'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'key_rotation')
      .execute(),
  );
}

describe('patient data-key rotation', () => {
  it('re-encrypts every record under a new generation and deletes the old key', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patients = [
      await seedChart(db, keyring, tenantId, 7),
      await seedChart(db, keyring, tenantId, 3),
    ];
    const orgId = await seedOrganization(db, keyring, tenantId);
    const before = await Promise.all(patients.map((p) => chartSnapshot(db, keyring, tenantId, p)));
    const stateBefore = await storedState(db, tenantId);
    expect(new Set(stateBefore.recordGenerations)).toEqual(new Set([1]));

    const progress: [number, number][] = [];
    const result = await rotatePatientDataKeys(
      { db, keyring },
      { tenantId, batchSize: 3, ...instant, onProgress: (d, t) => progress.push([d, t]) },
    );
    // Patient + 7 observations + 1 later version, and Patient + 3 + 1: 14 records.
    expect(result).toEqual({
      patients: 2,
      generationsCreated: 2,
      reencrypted: 14,
      unreadable: 0,
      retired: 2,
      unfinished: 0,
    });
    expect(progress.at(-1)).toEqual([14, 14]);
    const after = await storedState(db, tenantId);
    expect(after.keyGenerations).toEqual([2, 2]);
    expect(new Set(after.recordGenerations)).toEqual(new Set([2]));
    const org = (s: typeof after) => s.rows.find((r) => r.id === orgId)?.sealed;
    expect(org(after)).toEqual(org(stateBefore)); // the tenant key's records are not touched
    for (const [i, p] of patients.entries()) {
      expect(await chartSnapshot(db, keyring, tenantId, p)).toEqual(before[i]);
    }
    expect(await rotationAudits(tenantId)).toEqual([
      { reason_code: 'data_keys_rotated', data_category: 'patient_key', actor_user_id: null },
    ]);

    // A write after rotation seals with generation 2 and never recreates generation 1.
    const keys = await RecordKeys.load(keyring, tenantId, [patients[0]!], { create: true });
    const late = await write(db, keys, tenantId, observation(patients[0]!, 99));
    const final = await storedState(db, tenantId);
    expect(final.keyGenerations).toEqual([2, 2]);
    const lateRow = final.rows.find((r) => r.id === late.id);
    expect(sealedKeyGeneration(lateRow!.sealed)).toBe(2);
  });

  it('a ciphertext under a destroyed generation, or moved to another row, does not open', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patientId = await seedChart(db, keyring, tenantId, 3);
    const old = await storedState(db, tenantId);
    const result = await rotatePatientDataKeys({ db, keyring }, { tenantId, ...instant });
    expect(result).toMatchObject({ retired: 1, unfinished: 0 });
    const rotated = await storedState(db, tenantId);
    const read = () => chartSnapshot(db, keyring, tenantId, patientId);
    const [a, b] = old.rows.filter((r) => r.resource_type === 'Observation' && r.version_id === 1);
    const sealedNow = (row: typeof a) =>
      rotated.rows.find((r) => r.id === row!.id && r.version_id === row!.version_id)!.sealed;
    expect(sealedKeyGeneration(a!.sealed)).toBe(1);

    // A backup's copy of a row, restored after its generation was destroyed.
    await overwriteSealed(db, tenantId, a!, a!.sealed);
    await expect(read()).rejects.toBeInstanceOf(DecryptionError);
    await overwriteSealed(db, tenantId, a!, sealedNow(a));
    await read();

    // A current-generation ciphertext copied onto another row.
    await overwriteSealed(db, tenantId, b!, sealedNow(a));
    await expect(read()).rejects.toBeInstanceOf(DecryptionError);
    // Its header rewritten to name another generation fails too (here generation 3, made live).
    const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
    const address = { tenantId, resourceType: 'Observation', id: a!.id, version: 1 };
    expect(keys.unseal(patientId, address, sealedNow(a))).toMatchObject({ id: a!.id });
    const scope = patientScope(tenantId, patientId);
    const key3 = await keyring.wrapNewPatientKey(scope, 3);
    await insertGenerations(db, tenantId, [{ patientId, generation: 3, key: key3 }], 0, false);
    const both = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
    const relabelled = Buffer.from(sealedNow(a));
    relabelled.writeUInt32BE(3, 1);
    expect(() => both.unseal(patientId, address, relabelled)).toThrow(DecryptionError);
  });

  it('a new generation opens at once but seals only once it is active', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patientId = await seedChart(db, keyring, tenantId, 1);
    const key = await keyring.wrapNewPatientKey(patientScope(tenantId, patientId), 2);
    await insertGenerations(db, tenantId, [{ patientId, generation: 2, key }], 600_000, false);
    const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: true });
    expect(keys.currentGeneration(patientId)).toBe(1);
    const written = await write(db, keys, tenantId, observation(patientId, 5));
    const row = (await storedState(db, tenantId)).rows.find((r) => r.id === written.id);
    expect(sealedKeyGeneration(row!.sealed)).toBe(1);
  });

  it('an interrupted rotation resumes and finishes when run again', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patientId = await seedChart(db, keyring, tenantId, 9);
    const before = await chartSnapshot(db, keyring, tenantId, patientId);
    const interrupt = () => {
      throw new Error('operator pressed ^C');
    };
    await expect(
      rotatePatientDataKeys(
        { db, keyring },
        { tenantId, batchSize: 4, ...instant, onProgress: interrupt },
      ),
    ).rejects.toThrow('^C');
    const half = await storedState(db, tenantId);
    expect(half.keyGenerations).toEqual([1, 2]);
    expect(new Set(half.recordGenerations)).toEqual(new Set([1, 2]));
    expect(await chartSnapshot(db, keyring, tenantId, patientId)).toEqual(before); // mixed: fine

    const result = await rotatePatientDataKeys(
      { db, keyring },
      { tenantId, batchSize: 4, ...instant },
    );
    expect(result).toMatchObject({ patients: 1, generationsCreated: 0, retired: 1, unfinished: 0 });
    const done = await storedState(db, tenantId);
    expect(done.keyGenerations).toEqual([2]);
    expect(new Set(done.recordGenerations)).toEqual(new Set([2]));
    expect(await chartSnapshot(db, keyring, tenantId, patientId)).toEqual(before);
    expect(await rotationAudits(tenantId)).toHaveLength(1);
  });
});
