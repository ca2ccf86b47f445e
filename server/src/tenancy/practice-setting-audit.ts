/**
 * A practice setting changed (idle time-outs, what patients change themselves). A configuration
 * change is a security event (ONC (d)(2)): audited in the transaction that makes it, by whom and
 * from where, naming the setting and never its values.
 */
import type { FastifyRequest } from 'fastify';
import { appendInTransaction } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';

export async function auditPracticeSetting(
  tx: Tx,
  change: { tenantId: string; actorUserId: string; setting: string },
  request: FastifyRequest,
): Promise<void> {
  await appendInTransaction(tx, [
    {
      tenantId: change.tenantId,
      actorUserId: change.actorUserId,
      action: 'config_change',
      outcome: 'success',
      dataCategory: 'practice',
      reasonCode: change.setting,
      sourceAddress: request.ip,
      requestId: request.id,
    },
  ]);
}
