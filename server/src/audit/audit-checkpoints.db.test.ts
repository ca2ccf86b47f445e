import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../test/test-database.js';
import { checkpointChains } from './audit-checkpoints.js';
import { encodeFields } from './audit-hash.js';
import { asOwner, auditEntry } from './audit-test-helpers.js';
import { fullRows, keysetPages, type FastRow } from './audit-verify-pages.js';
import { AuditWriter } from './audit-writer.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const CHAIN = 5;

/** A tenant with `count` entries on chain 5, written in batches of 4, and a signed checkpoint. */
async function loggedTenant(count = 20, checkpoint = true): Promise<string> {
  const tenant = await createTestTenant(db);
  const writer = new AuditWriter(db, { chainId: CHAIN });
  for (let i = 0; i < count; i += 4) {
    await writer.append(
      Array.from({ length: Math.min(4, count - i) }, (_, j) =>
        auditEntry(tenant.id, { action: (i + j) % 3 === 0 ? 'search' : 'read' }),
      ),
    );
  }
  if (checkpoint) await checkpointChains(db, testKeyring(db), { force: true });
  return tenant.id;
}

const where = (tenantId: string) => sql`tenant_id = ${tenantId} and chain_id = ${CHAIN}`;

describe('checkpoints', () => {
  it('are signed once per chain even when several nodes run at once', async () => {
    const tenantId = await loggedTenant(9, false);
    const keyring = testKeyring(db);
    await Promise.all([1, 2, 3].map(() => checkpointChains(db, keyring, { force: true })));
    const rows = await asOwner(
      db,
      sql<{ seq: string | number }>`select seq from audit_checkpoint where ${where(tenantId)}`,
    );
    expect(rows.rows.map((r) => Number(r.seq))).toEqual([9]);
    // Not due again until there are new entries or the interval has passed.
    await checkpointChains(db, keyring);
    expect(
      (await asOwner(db, sql`select seq from audit_checkpoint where ${where(tenantId)}`)).rows,
    ).toHaveLength(1);
  });

  it('are not made for a head that does not name its last entry', async () => {
    const tenantId = await loggedTenant(6, false);
    await asOwner(
      db,
      sql`update audit_chain_head set last_hash = sha256(last_hash) where ${where(tenantId)}`,
    );
    await checkpointChains(db, testKeyring(db), { force: true });
    const rows = await asOwner(db, sql`select seq from audit_checkpoint where ${where(tenantId)}`);
    expect(rows.rows).toEqual([]);
  });

  it('keep one signing key, its private half sealed', async () => {
    await loggedTenant(2);
    const keys = await asOwner(
      db,
      sql<{ public_key: Buffer; private_key_sealed: Buffer }>`
      select public_key, private_key_sealed from audit_signing_key`,
    );
    expect(keys.rows).toHaveLength(1);
    const sealed = Buffer.from(keys.rows[0]!.private_key_sealed);
    // PKCS#8 DER of an Ed25519 key starts 30 2e 02 01 00; sealed, it is AES-GCM (version byte 1).
    expect(sealed[0]).toBe(1);
    expect(sealed.includes(Buffer.from('302e020100', 'hex'))).toBe(false);
  });
});

describe('the canonical encoding', () => {
  it('is built by the database exactly as by the process (the fast path of verify)', async () => {
    const { id } = await createTestTenant(db);
    await new AuditWriter(db).append([
      auditEntry(id),
      auditEntry(id, {
        action: 'break_glass',
        breakGlass: true,
        patientId: null,
        actorUserId: null,
        onBehalfOfUserId: randomUUID(),
        dataCategory: null,
        reasonCode: null,
        purposeOfUse: 'ETREAT',
        sourceAddress: '2001:db8::1',
        requestId: null,
        resourceType: null,
        resourceId: null,
      }),
    ]);
    await systemTransaction(db, async (tx) => {
      const fast: FastRow[] = [];
      for await (const page of keysetPages(tx, 'entries', { tenantId: id }, 100))
        fast.push(...page);
      expect(fast).toHaveLength(2);
      const full = await fullRows(tx, id, fast[0]!.chain_id, 1, 2);
      expect(fast.map((r) => r.enc)).toEqual(full.map(encodeFields));
    });
  });
});
