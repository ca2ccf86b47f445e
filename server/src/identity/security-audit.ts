/**
 * Security events in the tamper-evident audit log (ACC-3; ONC (d)(2)): sign-in, failed sign-in,
 * sign-out, MFA and password changes, role changes. Accounts span practices, so an event about
 * a person is recorded in every practice that knows them (as staff, patient or proxy), where
 * that practice's privacy officer reviews it. It is written in the same transaction as the
 * change it records, so neither can exist without the other. An attempt on an email with no
 * account belongs to no practice; it stays in the sign-in history only.
 */
import { sql } from 'kysely';
import { currentRequest } from '../app/request-context.js';
import { appendInTransaction, type AuditAction, type AuditOutcome } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';

export interface SecurityEvent {
  userId: string;
  action: Extract<
    AuditAction,
    'sign_in' | 'sign_in_failed' | 'sign_out' | 'mfa_change' | 'password_change' | 'role_change'
  >;
  outcome: AuditOutcome;
  /** A short token: the method, the reason of a failure, the role changed. */
  reason?: string;
  sourceAddress?: string | undefined;
  /** The practice the event belongs to; by default every practice that knows the person. */
  tenantId?: string;
  /** The account the change was made to, when someone else made it (an admin's role change). */
  subjectUserId?: string;
}

/** The practices a person belongs to as staff, patient or proxy (a system-path look-up). */
export async function practicesOf(tx: Tx, userId: string): Promise<string[]> {
  const rows = await sql<{ tenant_id: string }>`
    select tenant_id from practice_membership where user_id = ${userId}
    union select tenant_id from patient_account where user_id = ${userId}
    union select tenant_id from proxy_grant where proxy_user_id = ${userId}
  `.execute(tx);
  return rows.rows.map((r) => r.tenant_id).sort();
}

export async function auditSecurityEvent(tx: Tx, event: SecurityEvent): Promise<void> {
  const tenants = event.tenantId ? [event.tenantId] : await practicesOf(tx, event.userId);
  const request = currentRequest();
  for (const tenantId of tenants) {
    await appendInTransaction(tx, [
      {
        tenantId,
        actorUserId: event.userId,
        action: event.action,
        outcome: event.outcome,
        dataCategory: 'account',
        reasonCode: event.reason ?? null,
        sourceAddress: event.sourceAddress ?? null,
        requestId: request?.requestId ?? null,
        ...(event.subjectUserId
          ? { resourceType: 'Account', resourceId: event.subjectUserId }
          : {}),
      },
    ]);
  }
}
