// The two fast paths: the writer's append at a known head (two round trips, no explicit
// transaction) and verify's canonical rows (one string per entry, built by the database).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { ChainMovedError, appendAtKnownHead, appendToChain, validateBatch } from './audit-chain.js';
import { encodeFields } from './audit-hash.js';
import { auditEntry, chainPositions } from './audit-test-helpers.js';
import {
  PREFIX,
  canonicalChainId,
  canonicalSeq,
  canonicalTenant,
  fullRows,
  inCanonicalChain,
  keysetPages,
  type CanonicalRow,
} from './audit-verify-pages.js';
import { verifyAuditLog } from './audit-verify.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

describe('appending at a known head', () => {
  it('lands on the head the last batch left, durable when it resolves', async () => {
    const tenant = await createTestTenant(db);
    const first = await tenantTransaction(db, tenant.id, (tx) =>
      appendToChain(tx, tenant.id, validateBatch([auditEntry(tenant.id)]), 5),
    );
    const next = await appendAtKnownHead(
      db,
      tenant.id,
      validateBatch([auditEntry(tenant.id), auditEntry(tenant.id)]),
      first,
    );
    expect(next).toMatchObject({ chainId: 5, firstSeq: 2, lastSeq: 3 });
    expect(await chainPositions(db, tenant.id)).toEqual(
      [1, 2, 3].map((seq) => ({ chainId: 5, seq })),
    );
    const head = await systemTransaction(db, (tx) =>
      tx.selectFrom('audit_chain_head').selectAll().where('tenant_id', '=', tenant.id).execute(),
    );
    expect(head.map((h) => [Number(h.last_seq), Buffer.from(h.last_hash).toString('hex')])).toEqual(
      [[3, next.lastHash]],
    );
    expect(await verifyAuditLog(db, { tenantId: tenant.id })).toMatchObject({
      ok: true,
      entries: 3,
    });
  });

  it('refuses, writing nothing, when another writer moved the head meanwhile', async () => {
    const tenant = await createTestTenant(db);
    const mine = await tenantTransaction(db, tenant.id, (tx) =>
      appendToChain(tx, tenant.id, validateBatch([auditEntry(tenant.id)]), 2),
    );
    // Another node writes to the same chain.
    await tenantTransaction(db, tenant.id, (tx) =>
      appendToChain(tx, tenant.id, validateBatch([auditEntry(tenant.id)]), 2),
    );
    const stale = appendAtKnownHead(db, tenant.id, validateBatch([auditEntry(tenant.id)]), mine);
    await expect(stale).rejects.toThrow(ChainMovedError);
    expect(await chainPositions(db, tenant.id)).toHaveLength(2);
    expect((await verifyAuditLog(db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('leaves nothing written when its statement fails', async () => {
    const tenant = await createTestTenant(db);
    const missing = randomUUID(); // no such practice: the head's foreign key refuses it
    await expect(
      appendAtKnownHead(db, missing, validateBatch([auditEntry(missing)]), {
        chainId: 0,
        lastSeq: 0,
        lastHash: '00'.repeat(32),
      }),
    ).rejects.toThrow();
    const left = await systemTransaction(db, (tx) =>
      tx.selectFrom('audit_entry').select('seq').where('tenant_id', '=', missing).execute(),
    );
    expect(left).toEqual([]);
    expect(await chainPositions(db, tenant.id)).toEqual([]);
  });
});

describe('canonical rows', () => {
  it('are the stored hash, then the exact text it is the SHA-256 of, with the row’s place', async () => {
    const tenant = await createTestTenant(db);
    await tenantTransaction(db, tenant.id, (tx) =>
      appendToChain(
        tx,
        tenant.id,
        validateBatch([
          auditEntry(tenant.id),
          auditEntry(tenant.id, {
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
        ]),
        7,
      ),
    );
    await systemTransaction(db, async (tx) => {
      const rows: CanonicalRow[] = [];
      for await (const page of keysetPages(tx, 'canonical', { tenantId: tenant.id }, 1)) {
        rows.push(...page);
      }
      const full = await fullRows(tx, tenant.id, 7, 1, 2);
      expect(rows.map((row) => row.r)).toEqual(
        full.map((f) => `${f.hash}${PREFIX}${f.prev_hash}|${encodeFields(f)}`),
      );
      for (const [i, { r }] of rows.entries()) {
        expect([canonicalTenant(r), canonicalChainId(r), canonicalSeq(r)]).toEqual([
          tenant.id,
          7,
          i + 1,
        ]);
        expect(inCanonicalChain(r, tenant.id, 7)).toBe(true);
        expect(inCanonicalChain(r, tenant.id, 6)).toBe(false);
      }
    });
  });
});
