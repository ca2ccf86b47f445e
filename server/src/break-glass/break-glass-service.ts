/**
 * Opening an emergency (break-the-glass) access (ACC-5, SHARE-7; ONC 170.315 (d)(6)). Only a
 * clinician or nurse cleared for clinical work may, only with a coded reason and a written
 * explanation, only for a patient of the practice, and only for a limited time. The grant, its
 * audit entry and the privacy officers' notices are written in one tenant transaction: an
 * emergency access is never granted without its record and its review being asked for.
 */
import { randomUUID } from 'node:crypto';
import { appendInTransaction } from '../audit/index.js';
import { tenantScope } from '../crypto/index.js';
import { tenantTransaction } from '../db/transactions.js';
import { AppError, notFound } from '../errors/app-error.js';
import { platformKey, type IdentityDeps } from '../identity/identity-deps.js';
import { assertClinicalClearance } from '../identity/staff/clearance.js';
import { queueEmail } from '../notifications/email-queue.js';
import { locateResource } from '../records/record-store.js';
import { insertGrant } from './break-glass-grants.js';
import { privacyOfficerNotices } from './break-glass-notices.js';
import { sealReason } from './break-glass-sealing.js';
import type { BreakGlassReasonCode } from './break-glass-tables.js';

/** The explanation's length, counted after trimming: a few words at least, never an essay. */
export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 1000;
/** How long a grant lasts unless asked otherwise, and at most (the table checks it too). */
export const DEFAULT_MINUTES = 60;
export const MAX_MINUTES = 240;

/** What a clinician asks for. */
export interface OpenBreakGlass {
  tenantId: string;
  userId: string;
  patientId: string;
  reasonCode: BreakGlassReasonCode;
  /** The free-text explanation; sealed, never logged. */
  reason: string;
  minutes?: number;
  sourceAddress: string;
  requestId: string;
}

/** The grant opened. */
export interface OpenedGrant {
  id: string;
  grantedAt: Date;
  expiresAt: Date;
}

function invalid(location: string, message: string, text: string): AppError {
  return new AppError('validation_failed', text, [{ location, message }]);
}

/** Opens a grant, or throws (400 bad input, 403 not cleared, 404 no such patient). */
export async function openBreakGlass(
  deps: IdentityDeps,
  input: OpenBreakGlass,
): Promise<OpenedGrant> {
  const reason = input.reason.trim();
  if (reason.length < REASON_MIN_LENGTH || reason.length > REASON_MAX_LENGTH) {
    throw invalid(
      'reason',
      `must be ${REASON_MIN_LENGTH}-${REASON_MAX_LENGTH} characters`,
      'Explain in a sentence why you need emergency access to this record.',
    );
  }
  const minutes = input.minutes ?? DEFAULT_MINUTES;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    throw invalid('minutes', `must be 1-${MAX_MINUTES}`, 'Emergency access lasts at most 4 hours.');
  }
  // Keys and the officers' addresses first: neither may be fetched inside the transaction.
  const tenantKey = await deps.keyring.dataKey(tenantScope(input.tenantId));
  const platform = await platformKey(deps);
  const notices = await privacyOfficerNotices(deps, input.tenantId, platform);
  const now = deps.now();
  const { tenantId, userId } = input;
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    await assertClinicalClearance(tx, { tenantId, userId, now });
    const patient = await locateResource(tx, tenantId, 'Patient', input.patientId);
    if (!patient || patient.deleted) throw notFound('No such patient in this practice.');
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + minutes * 60_000);
    await insertGrant(tx, {
      id,
      tenantId,
      userId,
      patientId: patient.id,
      reasonCode: input.reasonCode,
      reasonSealed: sealReason(tenantKey, tenantId, id, reason),
      grantedAt: now,
      expiresAt,
    });
    await appendInTransaction(tx, [
      {
        tenantId,
        patientId: patient.id,
        actorUserId: userId,
        action: 'break_glass',
        outcome: 'success',
        dataCategory: 'break_glass',
        reasonCode: input.reasonCode,
        purposeOfUse: 'ETREAT',
        breakGlass: true,
        resourceType: 'BreakGlassGrant',
        resourceId: id,
        sourceAddress: input.sourceAddress,
        requestId: input.requestId,
      },
    ]);
    for (const notice of notices) await queueEmail(tx, platform, notice, now);
    return { id, grantedAt: now, expiresAt };
  });
}
