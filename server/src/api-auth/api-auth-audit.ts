/**
 * Audit entries for API access management, written inside the transaction that makes the change
 * (so neither exists without the other). Entries name opaque ids and short reason tokens only,
 * never a client's name, a scope list or a secret.
 */
import { currentRequest } from '../app/request-context.js';
import { appendInTransaction, type AuditAction, type AuditOutcome } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';

export interface ApiAuthEvent {
  tenantId: string;
  /** The person acting; null for a client authenticating itself. */
  actorUserId: string | null;
  action: Extract<AuditAction, 'config_change' | 'sign_in' | 'sign_in_failed'>;
  outcome: AuditOutcome;
  /** e.g. `api_client_registered`, `client_credentials`, `invalid_client`. */
  reason: string;
  resourceType: 'ApiClient' | 'ApiToken';
  resourceId: string;
  sourceAddress: string | undefined;
}

export async function auditApiAuth(tx: Tx, event: ApiAuthEvent): Promise<void> {
  await appendInTransaction(tx, [
    {
      tenantId: event.tenantId,
      actorUserId: event.actorUserId,
      action: event.action,
      outcome: event.outcome,
      dataCategory: event.resourceType === 'ApiClient' ? 'api_client' : 'account',
      reasonCode: event.reason,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      sourceAddress: event.sourceAddress ?? null,
      requestId: currentRequest()?.requestId ?? null,
    },
  ]);
}
