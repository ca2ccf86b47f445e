// Data-key rotation beside live traffic: other "nodes" (keyrings with their own caches) read and
// write while the job runs. Times are shrunk (cache TTL 100 ms, unit of work 200 ms), and the
// job is told the same numbers, as it would be told the production ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { RecordKeys } from '../records/record-keys.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import {
  chartSnapshot,
  observation,
  seedChart,
  storedState,
  write,
} from './patient-key-rotation-fixtures.js';
import { rotatePatientDataKeys } from './patient-key-rotation.js';

let db: HavenDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await openTestDatabase();
  keyring = testKeyring(db, { cacheTtlMs: 0 });
});
afterAll(() => db.close());

const TTL = 100;
const timing = { keyCacheTtlMs: TTL, unitOfWorkMs: 200 };
const nodes = (n: number) => Array.from({ length: n }, () => testKeyring(db, { cacheTtlMs: TTL }));
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('patient data-key rotation beside live traffic', () => {
  it('key rotation under concurrent reads loses nothing', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patients: string[] = [];
    for (let i = 0; i < 3; i++) patients.push(await seedChart(db, keyring, tenantId, 12));
    const expected = new Map<string, Awaited<ReturnType<typeof chartSnapshot>>>();
    for (const p of patients) expected.set(p, await chartSnapshot(db, keyring, tenantId, p));
    const readers = nodes(3);
    const writer = nodes(1)[0]!;
    // Warm every node's cache first, so some hold a key set from before the rotation began.
    for (const node of [...readers, writer]) {
      for (const p of patients) await RecordKeys.load(node, tenantId, [p], { create: false });
    }

    let running = true;
    let reads = 0;
    const written = new Map<string, Resource>();
    const readLoop = async (node: Keyring) => {
      while (running) {
        for (const p of patients) {
          const seen = await chartSnapshot(db, node, tenantId, p);
          const seeded = expected.get(p)!;
          // Every seeded record, exactly; anything else is one of the writer's, for this patient.
          for (const v of seeded.history) expect(seen.history).toContainEqual(v);
          for (const v of seen.history.filter((h) => !seeded.history.some((s) => s.id === h.id))) {
            expect(v.resource).toMatchObject({ subject: { reference: `Patient/${p}` } });
          }
          reads++;
        }
        // PGlite answers in-process through promises alone: without a real pause the readers
        // would keep the timer queue (the job's waits) from ever running.
        await delay(1);
      }
    };
    const writeLoop = async () => {
      for (let i = 0; running; i++) {
        const p = patients[i % patients.length]!;
        const keys = await RecordKeys.load(writer, tenantId, [p], { create: true });
        const stored = await write(db, keys, tenantId, observation(p, 1000 + i));
        written.set(stored.id, stored.resource);
        await delay(10);
      }
    };
    const traffic = [...readers.map(readLoop), writeLoop()];
    const result = await rotatePatientDataKeys(
      { db, keyring },
      { tenantId, batchSize: 4, ...timing },
    ).finally(() => {
      running = false;
    });
    await Promise.all(traffic);

    expect(result).toMatchObject({ patients: 3, retired: 3, unreadable: 0, unfinished: 0 });
    expect(reads).toBeGreaterThan(patients.length * readers.length);
    expect(written.size).toBeGreaterThan(0);
    const after = await storedState(db, tenantId);
    expect(after.keyGenerations).toEqual([2, 2, 2]);
    expect(new Set(after.recordGenerations)).toEqual(new Set([2]));
    for (const p of patients) {
      const { current, history } = await chartSnapshot(db, nodes(1)[0]!, tenantId, p);
      for (const v of expected.get(p)!.history) expect(history).toContainEqual(v);
      for (const v of current.filter((c) => written.has(c.id))) {
        expect(v.resource).toEqual(written.get(v.id));
      }
    }
    const writtenRows = after.rows.filter((r) => written.has(r.id));
    expect(writtenRows).toHaveLength(written.size);
  });

  it('a write sealed with keys loaded before the rotation is re-encrypted, not lost', async () => {
    const { id: tenantId } = await createTestTenant(db);
    const patientId = await seedChart(db, keyring, tenantId, 4);
    // A unit of work that loaded its keys before the rotation and commits only near its end.
    const stale = await RecordKeys.load(keyring, tenantId, [patientId], { create: true });
    expect(stale.currentGeneration(patientId)).toBe(1);
    let phase: string | undefined;
    let late: { id: string; resource: Resource } | undefined;
    const result = await rotatePatientDataKeys(
      { db, keyring },
      {
        tenantId,
        keyCacheTtlMs: 0,
        unitOfWorkMs: 300,
        onWait: (_ms, before) => {
          phase = before;
        },
        sleep: async (ms) => {
          if (phase === 'retirement' && !late) {
            late = await write(db, stale, tenantId, observation(patientId, 42));
          }
          await delay(ms);
        },
      },
    );
    expect(late).toBeDefined();
    expect(result).toMatchObject({ retired: 1, unfinished: 0, unreadable: 0 });
    const after = await storedState(db, tenantId);
    expect(after.keyGenerations).toEqual([2]);
    expect(new Set(after.recordGenerations)).toEqual(new Set([2]));
    const { current } = await chartSnapshot(db, keyring, tenantId, patientId);
    expect(current.find((v) => v.id === late!.id)?.resource).toEqual(late!.resource);
  });
});
