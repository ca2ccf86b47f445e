/**
 * SQL for the feed's own tables, inside a transaction handed in: the message log (idempotency),
 * result links (corrections update, never duplicate) and the reconciliation queue.
 */
import type { Tx } from '../../db/transactions.js';
import type { AckCode, ReconciliationReason, ReconciliationStatus } from './feed-tables.js';

export interface LoggedMessage {
  id: string;
  digest: string;
  sendingApplication: string;
  sendingFacility: string;
  controlId: string;
  messageType: string;
  receivedAt: Date;
  ackCode: AckCode;
  ack: string;
}

/** The stored ACK of a message already processed (same keyed digest), if any. */
export async function findLoggedAck(
  tx: Tx,
  tenantId: string,
  digest: string,
): Promise<string | undefined> {
  const row = await tx
    .selectFrom('hl7_message')
    .select('ack')
    .where('tenant_id', '=', tenantId)
    .where('digest', '=', digest)
    .executeTakeFirst();
  return row?.ack;
}

export async function logMessage(tx: Tx, tenantId: string, m: LoggedMessage): Promise<void> {
  await tx
    .insertInto('hl7_message')
    .values({
      tenant_id: tenantId,
      id: m.id,
      digest: m.digest,
      sending_application: m.sendingApplication.slice(0, 500),
      sending_facility: m.sendingFacility.slice(0, 500),
      control_id: m.controlId.slice(0, 199),
      message_type: m.messageType,
      received_at: m.receivedAt,
      ack_code: m.ackCode,
      ack: m.ack,
    })
    .execute();
}

/** The resources already linked to these result identities (digest → type and id). */
export async function findLinks(
  tx: Tx,
  tenantId: string,
  links: readonly string[],
): Promise<Map<string, { resourceType: string; id: string }>> {
  if (links.length === 0) return new Map();
  const rows = await tx
    .selectFrom('hl7_result_link')
    .select(['link', 'resource_type', 'resource_id'])
    .where('tenant_id', '=', tenantId)
    .where('link', 'in', [...new Set(links)])
    .execute();
  return new Map(rows.map((r) => [r.link, { resourceType: r.resource_type, id: r.resource_id }]));
}

export async function insertLinks(
  tx: Tx,
  tenantId: string,
  links: readonly { link: string; resourceType: string; id: string }[],
): Promise<void> {
  if (links.length === 0) return;
  await tx
    .insertInto('hl7_result_link')
    .values(
      links.map((l) => ({
        tenant_id: tenantId,
        link: l.link,
        resource_type: l.resourceType,
        resource_id: l.id,
      })),
    )
    .execute();
}

export interface QueueRow {
  id: string;
  messageId: string;
  receivedAt: Date;
  messageType: string;
  reason: ReconciliationReason;
  status: ReconciliationStatus;
  sealed: Buffer;
}

export async function insertQueueItem(
  tx: Tx,
  tenantId: string,
  row: Omit<QueueRow, 'status'>,
): Promise<void> {
  await tx
    .insertInto('hl7_reconciliation')
    .values({
      tenant_id: tenantId,
      id: row.id,
      message_id: row.messageId,
      received_at: row.receivedAt,
      message_type: row.messageType,
      reason: row.reason,
      message_sealed: row.sealed,
    })
    .execute();
}

/** Queue items, oldest first; one status, or all. */
export async function listQueue(
  tx: Tx,
  tenantId: string,
  options: { status?: ReconciliationStatus; id?: string; limit?: number },
): Promise<QueueRow[]> {
  let query = tx
    .selectFrom('hl7_reconciliation')
    .select([
      'id',
      'message_id',
      'received_at',
      'message_type',
      'reason',
      'status',
      'message_sealed',
    ])
    .where('tenant_id', '=', tenantId);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.id) query = query.where('id', '=', options.id);
  const rows = await query
    .orderBy('received_at')
    .orderBy('id')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    receivedAt: new Date(r.received_at),
    messageType: r.message_type,
    reason: r.reason,
    status: r.status,
    sealed: Buffer.from(r.message_sealed),
  }));
}

/** Closes an open item; false if it was not open any more (closed by someone else first). */
export async function closeQueueItem(
  tx: Tx,
  tenantId: string,
  id: string,
  close: { status: 'resolved' | 'discarded'; by: string; at: Date; reasonSealed?: Buffer },
): Promise<boolean> {
  const result = await tx
    .updateTable('hl7_reconciliation')
    .set({
      status: close.status,
      closed_by: close.by,
      closed_at: close.at,
      ...(close.reasonSealed ? { discard_reason_sealed: close.reasonSealed } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
