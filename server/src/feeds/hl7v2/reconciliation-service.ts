/**
 * The reconciliation queue for staff: messages whose patient matched no record or several,
 * held sealed. Staff list them (what the message says about the person, so they can find the
 * chart), resolve one onto the patient they chose (the message is processed again onto that
 * chart, attributed to them) or discard it with a reason (sealed). Each is audited.
 */
import { tenantScope } from '../../crypto/index.js';
import { tenantTransaction } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { appendInTransaction, type AuditEntryInput } from '../../audit/index.js';
import { findByIdentifier } from '../../fhir/search/find-by-identifier.js';
import { locateResource } from '../../records/record-store.js';
import { openText, sealText } from './feed-sealing.js';
import { closeQueueItem, listQueue } from './feed-store.js';
import type { PidSummary } from './pid-to-patient.js';
import type { ReconciliationReason, ReconciliationStatus } from './feed-tables.js';
import { classify } from './feed-work.js';
import { answerTo, explain, raced } from './feed-errors.js';
import { loadSecrets } from './feed-service.js';
import { lookUp, storeWork, type FeedDeps } from './feed-storing.js';
import { parseMessage } from './hl7-text.js';
import { pidSummary } from './pid-to-patient.js';

export interface QueueItemView {
  id: string;
  receivedAt: string;
  messageType: string;
  reason: ReconciliationReason;
  status: ReconciliationStatus;
  /** What the message says about the person: enough to find their chart. */
  person: PidSummary;
}

export interface StaffRequest {
  tenantId: string;
  userId: string;
  sourceAddress?: string;
  requestId?: string;
}

function entry(
  request: StaffRequest,
  action: AuditEntryInput['action'],
  itemId?: string,
  patientId?: string,
): AuditEntryInput {
  return {
    tenantId: request.tenantId,
    actorUserId: request.userId,
    patientId: patientId ?? null,
    action,
    outcome: 'success',
    reasonCode: 'feed_reconciliation',
    purposeOfUse: 'HOPERAT',
    dataCategory: 'feed',
    resourceType: 'FeedReconciliation',
    ...(itemId ? { resourceId: itemId } : {}),
    ...(request.sourceAddress ? { sourceAddress: request.sourceAddress } : {}),
    ...(request.requestId ? { requestId: request.requestId } : {}),
  };
}

/** Queue items of one status (default open), oldest first; the listing is audited. */
export async function listReconciliation(
  deps: FeedDeps,
  request: StaffRequest,
  status: ReconciliationStatus = 'open',
): Promise<QueueItemView[]> {
  const { tenantId } = request;
  const tenantKey = await deps.keyring.dataKey(tenantScope(tenantId));
  const rows = await tenantTransaction(deps.db, tenantId, async (tx) => {
    const found = await listQueue(tx, tenantId, { status });
    await appendInTransaction(tx, [entry(request, 'search')]);
    return found;
  });
  return rows.map((row) => ({
    id: row.id,
    receivedAt: row.receivedAt.toISOString(),
    messageType: row.messageType,
    reason: row.reason,
    status: row.status,
    person: pidSummary(
      openText(tenantKey, 'Hl7Reconciliation.message', tenantId, row.id, row.sealed),
    ),
  }));
}

/** Processes held message `itemId` onto `patientId`; 404 unknown item or patient, 409 closed. */
export async function resolveReconciliation(
  deps: FeedDeps,
  request: StaffRequest,
  itemId: string,
  patientId: string,
): Promise<{ text: string }> {
  const { tenantId } = request;
  const secrets = await loadSecrets(deps.keyring, tenantId);
  for (let attempt = 1; ; attempt += 1) {
    const held = await tenantTransaction(deps.db, tenantId, async (tx) => {
      const [item] = await listQueue(tx, tenantId, { id: itemId });
      const patient = await locateResource(tx, tenantId, 'Patient', patientId);
      return { item, patient };
    });
    if (!held.item) throw new AppError('not_found', 'No such reconciliation item.');
    if (held.item.status !== 'open')
      throw new AppError('conflict', 'This item has already been closed.');
    if (!held.patient || held.patient.deleted) throw new AppError('not_found', 'No such patient.');
    const raw = openText(
      secrets.tenantKey,
      'Hl7Reconciliation.message',
      tenantId,
      itemId,
      held.item.sealed,
    );
    const message = parseMessage(raw);
    const work = classify(message);
    if (work.kind === 'acknowledge')
      throw new AppError('unprocessable', 'This message stores nothing.');
    try {
      const found = await tenantTransaction(deps.db, tenantId, (tx) =>
        lookUp(tx, tenantId, secrets, work, undefined, patientId),
      );
      const holders = await tenantTransaction(deps.db, tenantId, (tx) =>
        findByIdentifier(tx, tenantId, secrets.searchKey, 'Patient', work.mrn),
      );
      const reply = await storeWork(deps, {
        tenantId,
        secrets,
        work,
        digest: undefined,
        found,
        patientId,
        chosen: {
          addIdentifier: holders.length === 0,
          beforeWrites: async (tx) => {
            const closed = await closeQueueItem(tx, tenantId, itemId, {
              status: 'resolved',
              by: request.userId,
              at: deps.now(),
            });
            if (!closed) throw new AppError('conflict', 'This item has already been closed.');
            await appendInTransaction(tx, [entry(request, 'update', itemId, patientId)]);
          },
        },
        actor: {
          userId: request.userId,
          reasonCode: 'feed_reconciliation',
          purposeOfUse: 'HOPERAT',
        },
        answer: (outcome) => answerTo(message, outcome, deps.now()),
      });
      return { text: /\rMSA\|AA\|[^|]*\|([^\r]*)/.exec(reply.ack)?.[1] ?? '' };
    } catch (error) {
      if (raced(error) && !(error instanceof AppError) && attempt < 3) continue;
      const outcome = error instanceof AppError ? undefined : explain(error);
      if (outcome) throw new AppError('unprocessable', outcome.text);
      throw error;
    }
  }
}

/** Discards held message `itemId`; the reason is sealed. */
export async function discardReconciliation(
  deps: FeedDeps,
  request: StaffRequest,
  itemId: string,
  reason: string,
): Promise<void> {
  const { tenantId } = request;
  const tenantKey = await deps.keyring.dataKey(tenantScope(tenantId));
  await tenantTransaction(deps.db, tenantId, async (tx) => {
    const [item] = await listQueue(tx, tenantId, { id: itemId });
    if (!item) throw new AppError('not_found', 'No such reconciliation item.');
    const reasonSealed = sealText(
      tenantKey,
      'Hl7Reconciliation.discardReason',
      tenantId,
      itemId,
      reason,
    );
    const closed = await closeQueueItem(tx, tenantId, itemId, {
      status: 'discarded',
      by: request.userId,
      at: deps.now(),
      reasonSealed,
    });
    if (!closed) throw new AppError('conflict', 'This item has already been closed.');
    await appendInTransaction(tx, [entry(request, 'delete', itemId)]);
  });
}
