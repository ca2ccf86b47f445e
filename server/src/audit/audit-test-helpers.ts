/**
 * Helpers for the audit log's tests: well-formed entries, and the owner's-eye view of a chain
 * (the tests play the attacker who has the database owner's rights).
 */
import { randomUUID } from 'node:crypto';
import type { QueryResult, RawBuilder } from 'kysely';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import type { AuditEntryInput } from './audit-entry.js';

/** A well-formed entry for `tenantId`; `overrides` replace fields. */
export function auditEntry(
  tenantId: string,
  overrides: Partial<AuditEntryInput> = {},
): AuditEntryInput {
  return {
    tenantId,
    patientId: randomUUID(),
    actorUserId: randomUUID(),
    action: 'read',
    dataCategory: 'Observation',
    outcome: 'allowed',
    reasonCode: 'care_team',
    purposeOfUse: 'TREAT',
    sourceAddress: '203.0.113.7',
    requestId: `req-${randomUUID()}`,
    resourceType: 'Observation',
    resourceId: randomUUID(),
    ...overrides,
  };
}

/** The (chain, seq) pairs of a tenant's entries, in chain order, read as the owner. */
export async function chainPositions(
  db: HavenDatabase,
  tenantId: string,
): Promise<{ chainId: number; seq: number }[]> {
  const rows = await systemTransaction(db, (tx) =>
    tx
      .selectFrom('audit_entry')
      .select(['chain_id', 'seq'])
      .where('tenant_id', '=', tenantId)
      .orderBy('chain_id')
      .orderBy('seq')
      .execute(),
  );
  return rows.map((r) => ({ chainId: r.chain_id, seq: Number(r.seq) }));
}

/** Runs SQL as the database owner, outside the tenant wall: how the tests tamper. */
export async function asOwner<R>(
  db: HavenDatabase,
  statement: RawBuilder<R>,
): Promise<QueryResult<R>> {
  return systemTransaction(db, (tx) => statement.execute(tx));
}
