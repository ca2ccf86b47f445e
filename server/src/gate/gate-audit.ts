/**
 * The audit entry of one access decision (ACC-3): every access to health data, allowed or
 * denied, with its reason and purpose. Only ids and short codes go in: the category of data,
 * never its content or its sensitivity label (a label beside a patient id would say too much).
 */
import { categoryOf, type AccessAction } from '../access/index.js';
import { currentRequest } from '../app/request-context.js';
import type { AuditEntryInput } from '../audit/index.js';
import type { Principal } from './gate-actor.js';

/** What the audit keeps of a decision (a read of something absent has reason `not_found`). */
export interface AuditedDecision {
  allowed: boolean;
  reason: string;
  purposeOfUse: string | null;
  breakGlass: boolean;
}

/** Where a request came from, for the audit entry. */
export interface AccessOrigin {
  sourceAddress?: string | null;
  /** The proxy's own user id when someone acts on a patient's behalf. */
  onBehalfOfUserId?: string | null;
}

/** What was accessed. */
export interface AuditedTarget {
  patientId: string | null;
  resourceType: string;
  resourceId?: string | null;
}

export function accessAuditEntry(
  principal: Principal,
  origin: AccessOrigin,
  action: AccessAction,
  target: AuditedTarget,
  decision: AuditedDecision,
): AuditEntryInput {
  return {
    tenantId: principal.tenantId,
    patientId: target.patientId,
    actorUserId: actorIdOf(principal),
    onBehalfOfUserId: origin.onBehalfOfUserId ?? null,
    action,
    dataCategory: categoryOf(target.resourceType) ?? 'unknown',
    outcome: decision.allowed ? 'allowed' : 'denied',
    reasonCode: decision.reason,
    purposeOfUse: decision.purposeOfUse,
    sourceAddress: origin.sourceAddress ?? null,
    requestId: currentRequest()?.requestId ?? null,
    resourceType: /^[A-Z][A-Za-z]{1,63}$/.test(target.resourceType) ? target.resourceType : null,
    resourceId: target.resourceId ?? null,
    breakGlass: decision.breakGlass,
  };
}

/** A system client by its registration id, in the same column; a background job by none. */
function actorIdOf(principal: Principal): string | null {
  if (principal.kind === 'client') return principal.clientId;
  if (principal.kind === 'system') return null;
  return principal.userId;
}
