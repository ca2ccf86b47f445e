import { afterEach, describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  keyWrapAad,
  Keyring,
  LocalMasterKeyProvider,
  patientScope,
  type MasterKeyProvider,
  platformScope,
  tenantScope,
} from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { systemTransaction } from '../db/transactions.js';
import {
  createEmptyDatabase,
  createTestTenant,
  testDriver,
  type EmptyDatabase,
} from '../../test/test-database.js';
import { DatabaseWrappedKeyStore } from './database-key-store.js';
import { masterKeyUsage, rotateMasterKey } from './master-key-rotation.js';

const entry = (id: string, byte: number) => `${id}:${Buffer.alloc(32, byte).toString('base64')}`;
const OLD = entry('old-1', 0x11);
const NEW = entry('new-1', 0x22);
const GONE = entry('gone-1', 0x33);
const provider = (keys: string) => LocalMasterKeyProvider.fromConfig({ keys });
const beforeRotation = provider(OLD);
const duringRotation = provider(`${NEW},${OLD}`);
const onlyNew = provider(NEW);

// A fresh database per test, so these master keys never meet the shared test keyring's.
let opened: EmptyDatabase | undefined;
afterEach(async () => {
  await opened?.drop();
  opened = undefined;
});

async function freshDatabase(): Promise<HavenDatabase> {
  opened = await createEmptyDatabase();
  await migrate(opened.db);
  return opened.db;
}

const keyring = (db: HavenDatabase, master: LocalMasterKeyProvider) =>
  new Keyring(master, new DatabaseWrappedKeyStore(db), { cacheTtlMs: 0 });

/** Tenants with keys wrapped by the old master key, plus the platform key. */
async function seedOldKeys(db: HavenDatabase, tenants: number) {
  const ring = keyring(db, beforeRotation);
  const tenantIds: string[] = [];
  const keys = new Map<string, Buffer>();
  for (let i = 0; i < tenants; i++) {
    const { id } = await createTestTenant(db);
    tenantIds.push(id);
    keys.set(id, await ring.dataKey(tenantScope(id)));
  }
  keys.set('platform', await ring.dataKey(platformScope()));
  return { tenantIds, keys };
}

async function wrappingIds(db: HavenDatabase) {
  return systemTransaction(db, async (tx) => ({
    platform: (await tx.selectFrom('platform_key').select('wrapping_key_id').execute()).map(
      (r) => r.wrapping_key_id,
    ),
    tenant: (await tx.selectFrom('tenant_key').select('wrapping_key_id').execute()).map(
      (r) => r.wrapping_key_id,
    ),
  }));
}

async function rotationAudits(db: HavenDatabase) {
  return systemTransaction(db, (tx) =>
    tx
      .selectFrom('audit_entry')
      .select(['tenant_id', 'outcome', 'reason_code', 'actor_user_id'])
      .where('action', '=', 'key_rotation')
      .execute(),
  );
}

describe('master key rotation', () => {
  it('re-wraps platform and tenant keys so data opens with only the new key, once', async () => {
    const db = await freshDatabase();
    const { tenantIds, keys } = await seedOldKeys(db, 5);
    const [tenantId] = tenantIds as [string];
    const patient = patientScope(tenantId, '7f1c6a4e-1d1b-4f7e-9a59-0d3c1f0a2b11');
    const patientKey = await keyring(db, beforeRotation).dataKey(patient);
    const sealed = encrypt(patientKey, Buffer.from('sealed before rotation'), Buffer.from('aad'));

    const progress: [number, number][] = [];
    const result = await rotateMasterKey(db, duringRotation, {
      batchSize: 2, // several batches, so the keyset pagination is exercised
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(result).toMatchObject({
      currentKeyId: 'new-1',
      platformRewrapped: 1,
      tenantRewrapped: 5,
      alreadyCurrent: 0,
      failures: [],
      remaining: {},
    });
    expect(progress.at(-1)).toEqual([6, 6]);
    expect(await wrappingIds(db)).toEqual({ platform: ['new-1'], tenant: Array(5).fill('new-1') });

    // Only the new master key now: every data key is the same key, and old data still opens.
    const after = keyring(db, onlyNew);
    for (const id of tenantIds) expect(await after.dataKey(tenantScope(id))).toEqual(keys.get(id));
    expect(await after.dataKey(platformScope())).toEqual(keys.get('platform'));
    const reopened = await after.dataKey(patient);
    expect(decrypt(reopened, sealed, Buffer.from('aad')).toString()).toBe('sealed before rotation');

    const audits = await rotationAudits(db);
    expect(audits.map((a) => a.tenant_id).sort()).toEqual([...tenantIds].sort());
    for (const a of audits) {
      expect(a).toMatchObject({ outcome: 'success', reason_code: 'master_rewrapped' });
      expect(a.actor_user_id).toBeNull();
    }

    // A second run finds nothing to do and writes nothing.
    const again = await rotateMasterKey(db, duringRotation);
    expect(again).toMatchObject({ platformRewrapped: 0, tenantRewrapped: 0, alreadyCurrent: 6 });
    expect(await rotationAudits(db)).toHaveLength(5);
  });

  it('dry run counts and checks, but changes nothing', async () => {
    const db = await freshDatabase();
    await seedOldKeys(db, 3);
    const before = await masterKeyUsage(db);
    const result = await rotateMasterKey(db, duringRotation, { dryRun: true, batchSize: 2 });
    expect(result).toMatchObject({
      dryRun: true,
      platformRewrapped: 1,
      tenantRewrapped: 3,
      failures: [],
      remaining: {},
    });
    expect(await masterKeyUsage(db)).toEqual(before);
    expect(before).toEqual([
      { table: 'platform_key', keyId: 'old-1', count: 1 },
      { table: 'tenant_key', keyId: 'old-1', count: 3 },
    ]);
    expect(await rotationAudits(db)).toHaveLength(0);
  });

  it('names a missing old master key, leaves that row alone and rotates the rest', async () => {
    const db = await freshDatabase();
    const { tenantIds } = await seedOldKeys(db, 2);
    const orphan = await createTestTenant(db);
    const orphanRing = keyring(db, provider(GONE));
    const orphanKey = await orphanRing.dataKey(tenantScope(orphan.id));
    const stored = () => new DatabaseWrappedKeyStore(db).get(tenantScope(orphan.id));
    const orphanRow = await stored();

    const result = await rotateMasterKey(db, duringRotation);
    expect(result.failures).toEqual([
      { scope: `tenant:${orphan.id}`, keyId: 'gone-1', reason: 'master_key_missing' },
    ]);
    expect(result).toMatchObject({ platformRewrapped: 1, tenantRewrapped: 2 });
    expect(result.remaining).toEqual({ 'gone-1': 1 });
    expect(JSON.stringify(result)).not.toContain(GONE.split(':')[1]);
    expect(await stored()).toEqual(orphanRow);
    expect((await rotationAudits(db)).map((a) => a.tenant_id).sort()).toEqual(tenantIds.sort());

    // Put the key back and the next run finishes the job.
    const fixed = await rotateMasterKey(db, provider(`${NEW},${OLD},${GONE}`));
    expect(fixed).toMatchObject({ tenantRewrapped: 1, failures: [], remaining: {} });
    expect(await keyring(db, onlyNew).dataKey(tenantScope(orphan.id))).toEqual(orphanKey);
  });

  it('key rotation under concurrent reads loses nothing', async () => {
    const db = await freshDatabase();
    const { tenantIds, keys } = await seedOldKeys(db, 12);
    // Two tenants with no key yet: readers create theirs mid-rotation, wrapped by the new key.
    const newcomers = [await createTestTenant(db), await createTestTenant(db)].map((t) => t.id);

    const readers = Array.from({ length: 20 }, (_, i) => {
      const id =
        i < 18 ? (tenantIds[i % tenantIds.length] as string) : (newcomers[i - 18] as string);
      return keyring(db, duringRotation)
        .dataKey(tenantScope(id))
        .then((key) => ({ id, key }));
    });
    // Two rotations at once as well, as two nodes would run them: compare-and-set settles it.
    const [first, second, ...read] = await Promise.all([
      rotateMasterKey(db, duringRotation, { batchSize: 3 }),
      rotateMasterKey(db, duringRotation, { batchSize: 5 }),
      ...readers,
    ]);
    for (const { id, key } of read) {
      if (keys.has(id)) expect(key).toEqual(keys.get(id));
      else keys.set(id, key);
    }
    expect(first.tenantRewrapped + second.tenantRewrapped).toBe(12);
    expect(first.platformRewrapped + second.platformRewrapped).toBe(1);
    expect(first.failures).toEqual([]);
    expect(second.failures).toEqual([]);
    expect(await rotationAudits(db)).toHaveLength(12);

    const after = keyring(db, onlyNew);
    for (const [id, key] of keys) {
      const scope = id === 'platform' ? platformScope() : tenantScope(id);
      expect(await after.dataKey(scope)).toEqual(key);
    }
    expect((await wrappingIds(db)).tenant).toEqual(Array(14).fill('new-1'));
  });

  // Needs a second connection to change a row under an open batch; PGlite has only one.
  it.skipIf(testDriver() === 'pglite')(
    'a row another node re-wraps mid-batch is not overwritten (compare-and-set)',
    async () => {
      const db = await freshDatabase();
      const { tenantIds, keys } = await seedOldKeys(db, 3);
      const other = await (opened as EmptyDatabase).openAnother();
      try {
        const target = tenantIds[0] as string;
        const targetRow = await new DatabaseWrappedKeyStore(db).get(tenantScope(target));
        let raced = false;
        // Unwraps normally, but the first time, "another node" re-wraps the target row first.
        const racing: MasterKeyProvider = {
          currentKeyId: duringRotation.currentKeyId,
          wrap: (key, aad) => duringRotation.wrap(key, aad),
          unwrap: async (wrapped, aad) => {
            // Only once the batch has read the target row, so its update meets a changed row.
            if (!raced && wrapped.wrapped.equals(targetRow?.wrapped ?? Buffer.alloc(0))) {
              raced = true;
              const scope = tenantScope(target);
              const theirs = await duringRotation.wrap(
                keys.get(target) as Buffer,
                keyWrapAad(scope),
              );
              await other.unsafeKysely
                .updateTable('tenant_key')
                .set({ wrapping_key_id: theirs.keyId, wrapped: theirs.wrapped })
                .where('tenant_id', '=', target)
                .execute();
            }
            return duringRotation.unwrap(wrapped, aad);
          },
        };
        const result = await rotateMasterKey(db, racing);
        expect(raced).toBe(true);
        expect(result).toMatchObject({
          platformRewrapped: 1,
          tenantRewrapped: 2,
          alreadyCurrent: 1,
          failures: [],
          remaining: {},
        });
        expect((await rotationAudits(db)).map((a) => a.tenant_id)).not.toContain(target);
        const after = keyring(db, onlyNew);
        for (const id of tenantIds) {
          expect(await after.dataKey(tenantScope(id))).toEqual(keys.get(id));
        }
      } finally {
        await other.close();
      }
    },
  );
});
