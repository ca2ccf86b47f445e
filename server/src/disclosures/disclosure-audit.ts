/**
 * Reading an accounting of disclosures is itself a read of the patient's data, so it is
 * audited, in the transaction that reads it (the entry and the answer exist together or not).
 */
import { appendInTransaction } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';

/** Who read a disclosure report, for whom. */
export interface DisclosureRead {
  tenantId: string;
  patientId: string;
  actorUserId: string;
  /** Set when a proxy reads the report of the patient they act for. */
  onBehalfOfUserId?: string;
  purposeOfUse: string;
  sourceAddress?: string;
  requestId?: string;
}

/** Audits the reading of a disclosure report (a read of the patient's data, allowed). */
export async function auditDisclosureRead(tx: Tx, read: DisclosureRead): Promise<void> {
  await appendInTransaction(tx, [
    {
      tenantId: read.tenantId,
      patientId: read.patientId,
      actorUserId: read.actorUserId,
      onBehalfOfUserId: read.onBehalfOfUserId ?? null,
      action: 'read',
      outcome: 'allowed',
      dataCategory: 'disclosure',
      purposeOfUse: read.purposeOfUse,
      sourceAddress: read.sourceAddress ?? null,
      requestId: read.requestId ?? null,
    },
  ]);
}
