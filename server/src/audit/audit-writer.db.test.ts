import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { createTestTenant, openTestDatabase } from '../../test/test-database.js';
import { INSERT_CHUNK, appendInTransaction, appendToChain, validateBatch } from './audit-chain.js';
import { AuditEntryError } from './audit-entry.js';
import { auditEntry, chainPositions } from './audit-test-helpers.js';
import { verifyAuditLog } from './audit-verify.js';
import { AuditWriter } from './audit-writer.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** Each chain's seqs must run 1, 2, 3... with no gap. */
function expectContiguous(positions: { chainId: number; seq: number }[]): void {
  const byChain = new Map<number, number[]>();
  for (const p of positions) byChain.set(p.chainId, [...(byChain.get(p.chainId) ?? []), p.seq]);
  for (const seqs of byChain.values()) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
}

describe('the audit writer', () => {
  it('resolves only once the entries are committed (durable before the answer)', async () => {
    const tenant = await createTestTenant(db);
    const writer = new AuditWriter(db);
    await writer.append([auditEntry(tenant.id), auditEntry(tenant.id, { action: 'search' })]);
    // A separate transaction, opened only after append resolved, sees both rows.
    const rows = await tenantTransaction(db, tenant.id, (tx) =>
      tx.selectFrom('audit_entry').select(['action', 'seq']).orderBy('seq').execute(),
    );
    expect(rows.map((r) => [r.action, Number(r.seq)])).toEqual([
      ['read', 1],
      ['search', 2],
    ]);
  });

  it('concurrent request transactions racing for two chains all land, with no deadlock', async () => {
    const tenant = await createTestTenant(db);
    // Each transaction holds a row of its own first (as a request's write does), then appends to
    // chain 0 or 1: a loser must wait on the same head, never take a second one.
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        tenantTransaction(db, tenant.id, async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          const landed = await appendToChain(
            tx,
            tenant.id,
            validateBatch([auditEntry(tenant.id)]),
            i % 2,
          );
          // Hold the head a moment before commit, as a request waiting for its flush does.
          await new Promise((resolve) => setTimeout(resolve, 5));
          return landed;
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const positions = await chainPositions(db, tenant.id);
    expect(positions).toHaveLength(60);
    expectContiguous(positions);
    expect((await verifyAuditLog(db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('lands 50 concurrent appends of 1-5 entries with contiguous seqs and a valid chain', async () => {
    const tenant = await createTestTenant(db);
    const writer = new AuditWriter(db);
    const calls = Array.from({ length: 50 }, (_, i) =>
      Array.from({ length: 1 + (i % 5) }, () => auditEntry(tenant.id)),
    );
    await Promise.all(calls.map((entries) => writer.append(entries)));
    const positions = await chainPositions(db, tenant.id);
    expect(positions).toHaveLength(calls.flat().length);
    expectContiguous(positions);
    // Group commit: far fewer transactions than calls (each batch shares one time and one chain).
    const batches = await systemTransaction(
      db,
      async (tx) =>
        (
          await sql<{ n: number }>`
          select count(distinct (chain_id, at))::int as n from audit_entry where tenant_id = ${tenant.id}
        `.execute(tx)
        ).rows[0],
    );
    expect(batches?.n).toBeLessThan(50);
    expect(await verifyAuditLog(db, { tenantId: tenant.id })).toMatchObject({
      ok: true,
      entries: 150,
    });
  });

  it('writes a call larger than one INSERT in several chunks of one transaction', async () => {
    const tenant = await createTestTenant(db);
    const count = INSERT_CHUNK * 2 + 1;
    await new AuditWriter(db).append(Array.from({ length: count }, () => auditEntry(tenant.id)));
    const positions = await chainPositions(db, tenant.id);
    expect(positions).toHaveLength(count);
    expectContiguous(positions);
    expect(await verifyAuditLog(db, { tenantId: tenant.id })).toMatchObject({ ok: true });
  });

  it('keeps one chain valid when two writers (two nodes) race for the same head', async () => {
    const tenant = await createTestTenant(db);
    // Each node keeps two batches in flight (chains 3 and 4): they collide on both heads.
    const nodes = [
      new AuditWriter(db, { chainId: 3, maxInFlight: 2 }),
      new AuditWriter(db, { chainId: 3, maxInFlight: 2 }),
    ];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => nodes[i % 2]!.append([auditEntry(tenant.id)])),
    );
    const positions = await chainPositions(db, tenant.id);
    expect(positions).toHaveLength(40);
    expectContiguous(positions);
    expect((await verifyAuditLog(db, { tenantId: tenant.id })).ok).toBe(true);
  });

  it('rejects every caller of a failed batch and writes none of it', async () => {
    const tenant = await createTestTenant(db);
    const missing = randomUUID(); // no such practice: the batch's INSERT fails on its foreign key
    const writer = new AuditWriter(db);
    const failing = Array.from({ length: 5 }, () => writer.append([auditEntry(missing)]));
    const fine = writer.append([auditEntry(tenant.id)]);
    const settled = await Promise.allSettled(failing);
    expect(settled.map((s) => s.status)).toEqual(Array(5).fill('rejected'));
    await expect(fine).resolves.toBeUndefined();
    const left = await systemTransaction(db, (tx) =>
      tx.selectFrom('audit_entry').select('seq').where('tenant_id', '=', missing).execute(),
    );
    expect(left).toEqual([]);
    // The writer carries on after a failed batch.
    await writer.append([auditEntry(tenant.id)]);
    expect(await chainPositions(db, tenant.id)).toHaveLength(2);
  });

  it('refuses a malformed entry before anything is queued', async () => {
    const tenant = await createTestTenant(db);
    const writer = new AuditWriter(db);
    const bad = (overrides: Record<string, unknown>) =>
      writer.append([{ ...auditEntry(tenant.id), ...overrides }]);
    await expect(bad({ action: 'peek' })).rejects.toThrow(AuditEntryError);
    await expect(bad({ outcome: 'maybe' })).rejects.toThrow(/outcome/);
    await expect(bad({ patientId: 'Jane Doe' })).rejects.toThrow(/patientId must be a UUID/);
    await expect(bad({ dataCategory: 'HIV positive' })).rejects.toThrow(/dataCategory/);
    await expect(bad({ sourceAddress: 'example.org' })).rejects.toThrow(/sourceAddress/);
    await expect(bad({ note: 'free text' })).rejects.toThrow(/note is not an audit entry field/);
    await expect(
      writer.append([auditEntry(tenant.id), auditEntry((await createTestTenant(db)).id)]),
    ).rejects.toThrow(/one tenantId/);
    expect(await chainPositions(db, tenant.id)).toEqual([]);
  });

  it('appendInTransaction commits and rolls back with the caller’s transaction', async () => {
    const tenant = await createTestTenant(db);
    await expect(
      tenantTransaction(db, tenant.id, async (tx) => {
        await appendInTransaction(tx, [auditEntry(tenant.id, { action: 'update' })]);
        throw new Error('the write failed after its audit entry');
      }),
    ).rejects.toThrow('the write failed');
    expect(await chainPositions(db, tenant.id)).toEqual([]);
    const writer = new AuditWriter(db);
    await Promise.all([
      tenantTransaction(db, tenant.id, (tx) =>
        appendInTransaction(tx, [auditEntry(tenant.id, { action: 'create' })]),
      ),
      writer.append([auditEntry(tenant.id)]),
      tenantTransaction(db, tenant.id, (tx) =>
        appendInTransaction(tx, [auditEntry(tenant.id), auditEntry(tenant.id)]),
      ),
    ]);
    const positions = await chainPositions(db, tenant.id);
    expect(positions).toHaveLength(4);
    expectContiguous(positions);
    expect((await verifyAuditLog(db, { tenantId: tenant.id })).ok).toBe(true);
  });
});

describe('audit rows under the tenant wall', () => {
  it('haven_app cannot UPDATE or DELETE audit rows', async () => {
    const tenant = await createTestTenant(db);
    await new AuditWriter(db).append([auditEntry(tenant.id)]);
    await expect(
      tenantTransaction(db, tenant.id, (tx) =>
        tx.updateTable('audit_entry').set({ action: 'search' }).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      tenantTransaction(db, tenant.id, (tx) => tx.deleteFrom('audit_entry').execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      tenantTransaction(db, tenant.id, (tx) =>
        tx.selectFrom('audit_checkpoint').selectAll().execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    expect(await chainPositions(db, tenant.id)).toHaveLength(1);
  });

  it('a tenant transaction sees only its own tenant’s entries and heads', async () => {
    const a = await createTestTenant(db);
    const b = await createTestTenant(db);
    const writer = new AuditWriter(db);
    await Promise.all([writer.append([auditEntry(a.id)]), writer.append([auditEntry(b.id)])]);
    const seen = await tenantTransaction(db, a.id, async (tx) => ({
      entries: await tx.selectFrom('audit_entry').select('tenant_id').execute(),
      heads: await tx.selectFrom('audit_chain_head').select('tenant_id').execute(),
    }));
    expect(seen.entries).toEqual([{ tenant_id: a.id }]);
    expect(seen.heads).toEqual([{ tenant_id: a.id }]);
    // Nor can it write into another tenant's log.
    await expect(
      tenantTransaction(db, a.id, (tx) => appendInTransaction(tx, [auditEntry(b.id)])),
    ).rejects.toThrow(/row-level security/);
  });
});
