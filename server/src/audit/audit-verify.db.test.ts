import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../db/database.js';
import { migrate } from '../db/migrator.js';
import { systemTransaction } from '../db/transactions.js';
import {
  createEmptyDatabase,
  createTestTenant,
  openTestDatabase,
  testKeyring,
} from '../../test/test-database.js';
import { checkpointChains } from './audit-checkpoints.js';
import { GENESIS_HASH, hashEntry, type ChainedEntry } from './audit-hash.js';
import { asOwner, auditEntry } from './audit-test-helpers.js';
import { verifyAuditLog, type AuditProblemKind } from './audit-verify.js';
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

async function firstProblem(tenantId: string) {
  const result = await verifyAuditLog(db, { tenantId, pageSize: 7 });
  expect(result.ok).toBe(false);
  return result.firstProblem;
}

const where = (tenantId: string) => sql`tenant_id = ${tenantId} and chain_id = ${CHAIN}`;

/** Recomputes every hash of the chain from its stored fields, as a careful attacker would. */
async function rechain(tenantId: string): Promise<void> {
  await systemTransaction(db, async (tx) => {
    const rows = (
      await sql<ChainedEntry & { seq: string | number }>`
        select *, (extract(epoch from at) * 1000)::int8 as at_ms from audit_entry
        where ${where(tenantId)} order by seq
      `.execute(tx)
    ).rows;
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const hash = hashEntry(prev, row);
      await sql`update audit_entry set prev_hash = decode(${prev}, 'hex'), hash = decode(${hash}, 'hex')
        where ${where(tenantId)} and seq = ${row.seq}`.execute(tx);
      prev = hash;
    }
    await sql`update audit_chain_head set last_seq = ${rows.length}, last_hash = decode(${prev}, 'hex')
      where ${where(tenantId)}`.execute(tx);
  });
}

/** Moves every entry from `from` on by `by` seqs (two steps: the key is checked per row). */
async function shift(tenantId: string, from: number, by: number): Promise<void> {
  await asOwner(
    db,
    sql`update audit_entry set seq = seq + 1000000 where ${where(tenantId)} and seq >= ${from}`,
  );
  await asOwner(
    db,
    sql`update audit_entry set seq = seq - 1000000 + ${by} where ${where(tenantId)} and seq >= 1000000`,
  );
}

describe('verifying the audit log', () => {
  it('passes an intact log, counting every entry', async () => {
    const fresh = await createEmptyDatabase();
    try {
      await migrate(fresh.db);
      const tenants = [await createTestTenant(fresh.db), await createTestTenant(fresh.db)];
      const writers = [
        new AuditWriter(fresh.db, { chainId: 0 }),
        new AuditWriter(fresh.db, { chainId: 7 }),
      ];
      for (let i = 0; i < 30; i++) {
        const tenantId = tenants[i % 2]!.id;
        await writers[i % 2]!.append([auditEntry(tenantId), auditEntry(tenantId)]);
      }
      await checkpointChains(fresh.db, testKeyring(fresh.db), { force: true });
      await writers[0]!.append([auditEntry(tenants[1]!.id)]);
      const progress: number[] = [];
      const result = await verifyAuditLog(fresh.db, {
        pageSize: 8,
        onProgress: (done) => progress.push(done),
      });
      expect(result).toEqual({ ok: true, entries: 61, chains: 3, brokenChains: 0 });
      expect(progress.at(-1)).toBe(61);
    } finally {
      await fresh.drop();
    }
  });

  it('editing, deleting, inserting or reordering any audit row is caught by verify', async () => {
    const cases: [string, (t: string) => Promise<unknown>, AuditProblemKind, number][] = [
      [
        'edit a field',
        (t) =>
          asOwner(db, sql`update audit_entry set action = 'export' where ${where(t)} and seq = 9`),
        'changed',
        9,
      ],
      [
        'edit a field and recompute its hash',
        async (t) => {
          await asOwner(
            db,
            sql`update audit_entry set outcome = 'denied' where ${where(t)} and seq = 6`,
          );
          const row = (
            await asOwner(
              db,
              sql<
                ChainedEntry & { prev: string }
              >`select *, encode(prev_hash, 'hex') as prev, (extract(epoch from at) * 1000)::int8 as at_ms from audit_entry where ${where(t)} and seq = 6`,
            )
          ).rows[0]!;
          await asOwner(
            db,
            sql`update audit_entry set hash = decode(${hashEntry(row.prev, row)}, 'hex') where ${where(t)} and seq = 6`,
          );
        },
        'changed',
        6,
      ],
      [
        'delete a row',
        (t) => asOwner(db, sql`delete from audit_entry where ${where(t)} and seq = 5`),
        'deleted',
        5,
      ],
      [
        'delete a row and renumber the rest',
        async (t) => {
          await asOwner(db, sql`delete from audit_entry where ${where(t)} and seq = 11`);
          await shift(t, 12, -1);
        },
        'deleted',
        11,
      ],
      [
        'insert a row past the head',
        async (t) => {
          await asOwner(
            db,
            sql`insert into audit_entry select tenant_id, chain_id, seq + 1, at, patient_id, actor_user_id, on_behalf_of_user_id, action, data_category, outcome, reason_code, purpose_of_use, source_address, request_id, resource_type, resource_id, break_glass, hash, hash from audit_entry where ${where(t)} and seq = 20`,
          );
        },
        'inserted',
        21,
      ],
      [
        'insert a well-formed row in the middle',
        async (t) => {
          await shift(t, 8, 1);
          const row = (
            await asOwner(
              db,
              sql<
                ChainedEntry & { hex: string }
              >`select *, encode(hash, 'hex') as hex, (extract(epoch from at) * 1000)::int8 as at_ms from audit_entry where ${where(t)} and seq = 7`,
            )
          ).rows[0]!;
          const forged = { ...row, seq: 8, action: 'read', actor_user_id: null };
          await asOwner(
            db,
            sql`insert into audit_entry select tenant_id, chain_id, 8, at, patient_id, null, on_behalf_of_user_id, 'read', data_category, outcome, reason_code, purpose_of_use, source_address, request_id, resource_type, resource_id, break_glass, hash, decode(${hashEntry(row.hex, forged)}, 'hex') from audit_entry where ${where(t)} and seq = 7`,
          );
        },
        'inserted',
        8,
      ],
      [
        'swap two rows’ contents',
        (t) =>
          asOwner(
            db,
            sql`
        update audit_entry e set (at, patient_id, actor_user_id, action, resource_id, request_id) =
          (select o.at, o.patient_id, o.actor_user_id, o.action, o.resource_id, o.request_id from audit_entry o
           where o.tenant_id = e.tenant_id and o.chain_id = e.chain_id and o.seq = 7 - e.seq)
        where ${where(t)} and seq in (3, 4)`,
          ),
        'reordered',
        3,
      ],
      [
        'swap two whole rows',
        (t) =>
          asOwner(
            db,
            sql`
        update audit_entry set seq = case seq when 13 then 14 else 13 end + 100 where ${where(t)} and seq in (13, 14)`,
          ).then(() => shift(t, 113, -100)),
        'reordered',
        13,
      ],
    ];
    for (const [what, tamper, kind, seq] of cases) {
      const tenantId = await loggedTenant(20);
      expect((await verifyAuditLog(db, { tenantId })).ok, what).toBe(true);
      await tamper(tenantId);
      expect(await firstProblem(tenantId), what).toMatchObject({
        tenantId,
        chainId: CHAIN,
        seq,
        kind,
      });
    }
  });

  it('catches a truncated tail, with or without the head moved back', async () => {
    const plain = await loggedTenant(20);
    await asOwner(db, sql`delete from audit_entry where ${where(plain)} and seq > 17`);
    expect(await firstProblem(plain)).toMatchObject({ kind: 'deleted', seq: 18 });

    const careful = await loggedTenant(20);
    await asOwner(db, sql`delete from audit_entry where ${where(careful)} and seq > 17`);
    await asOwner(
      db,
      sql`update audit_chain_head h set last_seq = 17, last_hash = (select hash from audit_entry e
      where e.tenant_id = h.tenant_id and e.chain_id = h.chain_id and e.seq = 17) where ${where(careful)}`,
    );
    // The chain and head agree now; the signed checkpoint at 20 does not.
    expect(await firstProblem(careful)).toMatchObject({ kind: 'deleted', seq: 18 });
  });

  it('catches a rewritten chain, a forged checkpoint and a moved head', async () => {
    const rewritten = await loggedTenant(20);
    await asOwner(
      db,
      sql`update audit_entry set actor_user_id = null where ${where(rewritten)} and seq = 2`,
    );
    await rechain(rewritten);
    expect(await firstProblem(rewritten)).toMatchObject({ kind: 'changed', seq: 20 });

    const forged = await loggedTenant(12);
    await asOwner(
      db,
      sql`update audit_checkpoint set signature = overlay(signature placing '\\x00'::bytea from 1 for 1)
      where ${where(forged)}`,
    );
    expect(await firstProblem(forged)).toMatchObject({ kind: 'bad_checkpoint', seq: 12 });

    const moved = await loggedTenant(12, false);
    await asOwner(
      db,
      sql`update audit_chain_head set last_hash = sha256(last_hash) where ${where(moved)}`,
    );
    expect(await firstProblem(moved)).toMatchObject({ kind: 'head_mismatch', seq: 12 });
  });
});
