/**
 * Professional licences of a practice's staff (DATA-15, USE-10): number, issuing state and
 * expiry, and whether an administrator checked it. The number is sealed with AES-256-GCM under
 * the tenant data key, with tenant and holder bound as associated data, so a copy of the table
 * shows no number and a sealed number moved onto another row does not open. Every function runs
 * in a tenant transaction for `tenantId` opened by the caller, who fetched the tenant key first.
 */
import { sql } from 'kysely';
import { decrypt, encrypt, recordAad } from '../../crypto/index.js';
import type { Tx } from '../../db/transactions.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { isCalendarDate } from '../../fhir/calendar-date.js';

/** What an administrator decided about a licence; `unverified` until someone looks. */
export type LicenceVerification = 'unverified' | 'verified' | 'rejected';

/** Where a licence stands for clinical access at a moment. */
export type LicenceState = 'valid' | 'expired' | 'unverified' | 'rejected' | 'missing';

/** A stored licence as shown to people: never the full number. */
export interface StaffLicence {
  userId: string;
  issuingState: string;
  /** The last day the licence is valid (YYYY-MM-DD). */
  expiresOn: string;
  verification: LicenceVerification;
  /** The administrator who verified or rejected it, and when; null while unverified. */
  decidedBy: string | null;
  decidedAt: Date | null;
  updatedAt: Date;
  /** The number's last 4 characters: present only when read with the tenant key (admins). */
  numberLastFour?: string;
}

/** A licence as recorded by an administrator. */
export interface LicenceInput {
  tenantId: string;
  userId: string;
  number: string;
  issuingState: string;
  expiresOn: string;
  now: Date;
}

function numberAad(tenantId: string, userId: string): Buffer {
  return recordAad({ tenantId, resourceType: 'StaffLicence.number', id: userId, version: 1 });
}

/** The UTC calendar date of `now` (YYYY-MM-DD). */
export function calendarDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Whether a licence allows clinical work on `now`'s date. A licence is good through its expiry
 * date, counted in UTC: for practices west of UTC that ends it a few hours early, never late.
 * A rejected licence stays rejected; an expired one is expired whether verified or not, since
 * verifying it would not help.
 */
export function licenceState(
  licence: Pick<StaffLicence, 'verification' | 'expiresOn'> | undefined,
  now: Date,
): LicenceState {
  if (!licence) return 'missing';
  if (licence.verification === 'rejected') return 'rejected';
  if (licence.expiresOn < calendarDate(now)) return 'expired';
  return licence.verification === 'verified' ? 'valid' : 'unverified';
}

/**
 * The licence of `userId` in the practice, or undefined. With `tenantKey` (administrators only)
 * it includes the number's last 4 characters; without it the number stays sealed.
 */
export async function findLicence(
  tx: Tx,
  tenantId: string,
  userId: string,
  tenantKey?: Buffer,
): Promise<StaffLicence | undefined> {
  const licences = await practiceLicences(tx, tenantId, [userId], tenantKey);
  return licences.get(userId);
}

/** The licences of several staff members at once, by user id. */
export async function practiceLicences(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  tenantKey?: Buffer,
): Promise<Map<string, StaffLicence>> {
  if (userIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('staff_licence')
    .select([
      'user_id',
      'number_sealed',
      'issuing_state',
      // A date column comes back from the drivers as a local-midnight Date; text is exact.
      sql<string>`expires_on::text`.as('expires_on'),
      'verification',
      'verified_by',
      'verified_at',
      'updated_at',
    ])
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', userIds)
    .execute();
  return new Map(
    rows.map((row) => {
      const licence: StaffLicence = {
        userId: row.user_id,
        issuingState: row.issuing_state,
        expiresOn: row.expires_on,
        verification: row.verification,
        decidedBy: row.verified_by,
        decidedAt: row.verified_at === null ? null : new Date(row.verified_at),
        updatedAt: new Date(row.updated_at),
      };
      if (tenantKey) {
        const number = decrypt(
          tenantKey,
          Buffer.from(row.number_sealed),
          numberAad(tenantId, row.user_id),
        );
        licence.numberLastFour = number.toString('utf8').slice(-4);
      }
      return [row.user_id, licence];
    }),
  );
}

/**
 * Records or replaces a staff member's licence. Any change sends it back to `unverified`: a
 * verification covers the exact details an administrator checked, not whatever is there later.
 * The caller checked that `userId` is staff of the practice.
 */
export async function recordLicence(
  tx: Tx,
  tenantKey: Buffer,
  input: LicenceInput,
): Promise<StaffLicence> {
  const number = input.number.trim();
  const issuingState = input.issuingState.trim().toUpperCase();
  if (!/^[A-Za-z0-9][A-Za-z0-9 ./-]{2,38}[A-Za-z0-9]$/.test(number)) {
    throw new AppError('validation_failed', 'The licence number is not valid.', [
      { location: 'number', message: 'must be 4-40 letters, digits, spaces, dots, dashes or /' },
    ]);
  }
  if (!/^[A-Z]{2}$/.test(issuingState)) {
    throw new AppError('validation_failed', 'The issuing state must be its 2-letter code.', [
      { location: 'issuingState', message: 'must be 2 letters' },
    ]);
  }
  if (!isCalendarDate(input.expiresOn)) {
    throw new AppError('validation_failed', 'The expiry date is not a date.', [
      { location: 'expiresOn', message: 'must be a calendar date (YYYY-MM-DD)' },
    ]);
  }
  const sealed = encrypt(
    tenantKey,
    Buffer.from(number, 'utf8'),
    numberAad(input.tenantId, input.userId),
  );
  const changes = {
    number_sealed: sealed,
    issuing_state: issuingState,
    expires_on: input.expiresOn,
    verification: 'unverified' as const,
    verified_by: null,
    verified_at: null,
    updated_at: input.now,
  };
  await tx
    .insertInto('staff_licence')
    .values({ tenant_id: input.tenantId, user_id: input.userId, ...changes })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(changes))
    .execute();
  const stored = await findLicence(tx, input.tenantId, input.userId, tenantKey);
  if (!stored) throw new Error('The licence vanished right after it was recorded');
  return stored;
}

/** An administrator's decision on a licence. */
export interface LicenceDecision {
  tenantId: string;
  userId: string;
  decision: 'verified' | 'rejected';
  /** The administrator deciding: never the licence holder. */
  decidedBy: string;
  now: Date;
}

/**
 * Verifies or rejects a licence, recording who and when. Nobody decides on their own licence:
 * forbidden. No licence on file is not-found. A decision may be revised (a verified licence
 * found to be revoked is then rejected).
 */
export async function decideLicence(tx: Tx, input: LicenceDecision): Promise<void> {
  if (input.decidedBy === input.userId) {
    throw new AppError(
      'forbidden',
      'You cannot verify your own licence: another practice administrator must check it.',
    );
  }
  const result = await tx
    .updateTable('staff_licence')
    .set({ verification: input.decision, verified_by: input.decidedBy, verified_at: input.now })
    .where('tenant_id', '=', input.tenantId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('No licence is on file for this person.');
}
