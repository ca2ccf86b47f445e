/**
 * Reading the audit log for people: the privacy officer's report (search, sort, page) and the
 * patient's "who accessed my record". Both run inside a tenant transaction, so the tenant wall
 * limits them to the practice; pages are keyset pages (a cursor, not an offset), so a deep page
 * costs what the first one does.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { PLAN_EACH_TIME } from '../db/prepared-statements.js';
import type { Tx } from '../db/transactions.js';
import { AppError } from '../errors/app-error.js';
import type { AuditAction, AuditOutcome } from './audit-entry.js';
import { afterCursor, orderFor, readCursor, writeCursor } from './audit-report-cursor.js';

/** One entry as reports show it (no hashes: those are for verify). */
export interface AuditLogRow {
  at: Date;
  tenantId: string;
  chainId: number;
  seq: number;
  patientId: string | null;
  actorUserId: string | null;
  onBehalfOfUserId: string | null;
  action: AuditAction;
  dataCategory: string | null;
  outcome: AuditOutcome;
  reasonCode: string | null;
  purposeOfUse: string | null;
  sourceAddress: string | null;
  requestId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  breakGlass: boolean;
}

/** The fields a report may sort by: every field of {@link AuditLogRow}. */
export const AUDIT_SORT_COLUMNS = {
  at: 'at',
  tenantId: 'tenant_id',
  chainId: 'chain_id',
  seq: 'seq',
  patientId: 'patient_id',
  actorUserId: 'actor_user_id',
  onBehalfOfUserId: 'on_behalf_of_user_id',
  action: 'action',
  dataCategory: 'data_category',
  outcome: 'outcome',
  reasonCode: 'reason_code',
  purposeOfUse: 'purpose_of_use',
  sourceAddress: 'source_address',
  requestId: 'request_id',
  resourceType: 'resource_type',
  resourceId: 'resource_id',
  breakGlass: 'break_glass',
} as const satisfies Record<keyof AuditLogRow, string>;
export type AuditSortField = keyof typeof AUDIT_SORT_COLUMNS;

/** A report query. `to` is exclusive; `userId` matches the actor or the user acted for. */
export interface AuditSearch {
  from?: Date | string;
  to?: Date | string;
  userId?: string;
  patientId?: string;
  action?: AuditAction | readonly AuditAction[];
  outcome?: AuditOutcome | readonly AuditOutcome[];
  sortBy?: AuditSortField;
  sortDir?: 'asc' | 'desc';
  /** 1 to 1000; 100 by default. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/** A page of a report. */
export interface AuditPage {
  rows: AuditLogRow[];
  /** Present when there are more rows: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/** Searches the current tenant's audit log (run it inside a tenant transaction). */
export function searchAuditLog(tx: Tx, search: AuditSearch = {}): Promise<AuditPage> {
  return runSearch(tx, search);
}

async function runSearch(
  tx: Tx,
  search: AuditSearch,
  also?: Expression<SqlBool>,
): Promise<AuditPage> {
  const sortBy = search.sortBy ?? 'at';
  const dir = search.sortDir ?? 'desc';
  const column = AUDIT_SORT_COLUMNS[sortBy];
  if (column === undefined || (dir !== 'asc' && dir !== 'desc')) {
    throw new AppError('validation_failed', 'The report cannot be sorted that way.');
  }
  const limit = search.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new AppError('validation_failed', 'The page size must be 1 to 1000.');
  }
  const list = <T>(v: T | readonly T[]) => (Array.isArray(v) ? v : [v]) as T[];
  const actions = search.action === undefined ? undefined : list(search.action);
  const outcomes = search.outcome === undefined ? undefined : list(search.outcome);
  if (actions?.length === 0 || outcomes?.length === 0) return { rows: [] };
  checkSearch(search);
  let query = tx.selectFrom('audit_entry').select(REPORT_COLUMNS);
  if (search.from !== undefined) query = query.where('at', '>=', new Date(search.from));
  if (search.to !== undefined) query = query.where('at', '<', new Date(search.to));
  const userId = search.userId;
  if (userId !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('actor_user_id', '=', userId), eb('on_behalf_of_user_id', '=', userId)]),
    );
  }
  if (search.patientId !== undefined) query = query.where('patient_id', '=', search.patientId);
  if (actions) query = query.where('action', 'in', actions);
  if (outcomes) query = query.where('outcome', 'in', outcomes);
  if (also) query = query.where(also);
  if (search.cursor !== undefined) {
    query = query.where(afterCursor(column, dir, readCursor(search.cursor, sortBy, dir)));
  }
  const rows = (
    await query
      .orderBy(orderFor(column, dir))
      .orderBy('chain_id', dir)
      .orderBy('seq', dir)
      .limit(limit + 1)
      // Filters of any width (a day or a year, one person or all): plan for these values.
      .modifyEnd(sql.raw(PLAN_EACH_TIME))
      .execute()
  ).map(toAuditLogRow);
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows[rows.length - 1];
  return { rows, ...(more && last ? { nextCursor: writeCursor(last, sortBy, dir) } : {}) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Bad input is the caller's mistake (a 400), not a database error (a 500).
function checkSearch(search: AuditSearch): void {
  for (const field of ['from', 'to'] as const) {
    const value = search[field];
    if (value !== undefined && Number.isNaN(new Date(value).getTime())) {
      throw new AppError('validation_failed', `The report's ${field} is not a date.`);
    }
  }
  for (const field of ['userId', 'patientId'] as const) {
    const value = search[field];
    if (value !== undefined && !UUID.test(value)) {
      throw new AppError('validation_failed', `The report's ${field} is not a valid id.`);
    }
  }
}

/** The accesses a patient is shown: reads, changes, exports and disclosures of their record. */
export const PATIENT_VISIBLE_ACTIONS = [
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'disclosure',
  'break_glass',
] as const satisfies readonly AuditAction[];

/**
 * Entries about `patientId` made by anyone other than `excludeActor` (the patient themselves),
 * newest first: the answer to "who accessed my record". Run inside a tenant transaction.
 */
export async function accessesToPatient(
  tx: Tx,
  patientId: string,
  options: { excludeActor?: string | null; limit?: number; cursor?: string } = {},
): Promise<AuditPage> {
  // IS DISTINCT FROM: entries by the system (no actor) are shown too.
  const exclude = options.excludeActor ?? null;
  return runSearch(
    tx,
    {
      patientId,
      action: PATIENT_VISIBLE_ACTIONS,
      sortBy: 'at',
      sortDir: 'desc',
      limit: options.limit ?? 100,
      ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
    },
    exclude === null ? undefined : sql<SqlBool>`actor_user_id is distinct from ${exclude}::uuid`,
  );
}

const REPORT_COLUMNS = [
  'at',
  'tenant_id',
  'chain_id',
  'seq',
  'patient_id',
  'actor_user_id',
  'on_behalf_of_user_id',
  'action',
  'data_category',
  'outcome',
  'reason_code',
  'purpose_of_use',
  'source_address',
  'request_id',
  'resource_type',
  'resource_id',
  'break_glass',
] as const;

type ReportRecord = Record<(typeof REPORT_COLUMNS)[number], unknown>;

function toAuditLogRow(r: ReportRecord): AuditLogRow {
  return {
    at: r.at as Date,
    tenantId: r.tenant_id as string,
    chainId: Number(r.chain_id),
    seq: Number(r.seq),
    patientId: r.patient_id as string | null,
    actorUserId: r.actor_user_id as string | null,
    onBehalfOfUserId: r.on_behalf_of_user_id as string | null,
    action: r.action as AuditAction,
    dataCategory: r.data_category as string | null,
    outcome: r.outcome as AuditOutcome,
    reasonCode: r.reason_code as string | null,
    purposeOfUse: r.purpose_of_use as string | null,
    sourceAddress: r.source_address as string | null,
    requestId: r.request_id as string | null,
    resourceType: r.resource_type as string | null,
    resourceId: r.resource_id as string | null,
    breakGlass: r.break_glass as boolean,
  };
}
