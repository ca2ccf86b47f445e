/**
 * Audit entries for consents (ACC-3): every change is written with `appendInTransaction` in the
 * transaction that stores the new version, so a change and its entry commit or fail together.
 * The entry holds ids and short tokens only: never the grantee, the categories or a reason.
 */
import type { FastifyRequest } from 'fastify';
import { appendInTransaction } from '../audit/index.js';
import type { Tx } from '../db/transactions.js';

/** Who made a request, and from where. */
export interface RequestMeta {
  actorUserId: string;
  /** Set when a proxy acts for the patient (actingContext's `onBehalfOf`). */
  onBehalfOfUserId?: string;
  sourceAddress: string;
  requestId: string;
}

/** Where a request comes from; who acts is added once the acting context is known. */
export type RequestOrigin = Pick<RequestMeta, 'sourceAddress' | 'requestId'>;

/** The origin of an HTTP request. */
export function originOf(request: FastifyRequest): RequestOrigin {
  return { sourceAddress: request.ip, requestId: request.id };
}

/** What changed, as the entry's reason code. */
export type ConsentChange =
  | 'consent_granted'
  | 'consent_revoked'
  | 'restriction_requested'
  | 'restriction_granted'
  | 'restriction_denied';

/** Records a change to one Consent resource. */
export async function auditConsentChange(
  tx: Tx,
  change: { tenantId: string; patientId: string; consentId: string; what: ConsentChange },
  meta: RequestMeta,
): Promise<void> {
  await appendInTransaction(tx, [
    {
      tenantId: change.tenantId,
      patientId: change.patientId,
      actorUserId: meta.actorUserId,
      onBehalfOfUserId: meta.onBehalfOfUserId ?? null,
      action: 'consent_change',
      outcome: 'success',
      dataCategory: 'consent',
      reasonCode: change.what,
      sourceAddress: meta.sourceAddress,
      requestId: meta.requestId,
      resourceType: 'Consent',
      resourceId: change.consentId,
    },
  ]);
}

/**
 * Records that a privacy officer read patients' restriction requests (a read of their records,
 * for the practice's operations), one entry per patient shown.
 */
export async function auditRestrictionReview(
  tx: Tx,
  tenantId: string,
  patientIds: readonly string[],
  meta: RequestMeta,
): Promise<void> {
  if (patientIds.length === 0) return;
  await appendInTransaction(
    tx,
    patientIds.map((patientId) => ({
      tenantId,
      patientId,
      actorUserId: meta.actorUserId,
      action: 'search' as const,
      outcome: 'allowed' as const,
      dataCategory: 'consent',
      reasonCode: 'allowed_role',
      purposeOfUse: 'HOPERAT',
      sourceAddress: meta.sourceAddress,
      requestId: meta.requestId,
      resourceType: 'Consent',
    })),
  );
}
