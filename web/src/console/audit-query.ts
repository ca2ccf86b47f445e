/**
 * The audit report's filters, sort and paging, turned into the query of
 * GET /api/practices/:t/audit (the API's address, never the page's). Dates are picked as whole
 * local days: "to" includes its day, so the API's exclusive end is the next midnight.
 */

export const AUDIT_ACTIONS = [
  'read',
  'search',
  'create',
  'update',
  'delete',
  'export',
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'mfa_change',
  'password_change',
  'role_change',
  'consent_change',
  'break_glass',
  'key_rotation',
  'config_change',
  'disclosure',
] as const;
export const AUDIT_OUTCOMES = ['allowed', 'denied', 'success', 'failure'] as const;

export interface AuditFilters {
  from: string;
  to: string;
  userId: string;
  patientId: string;
  action: string;
  outcome: string;
}

export const NO_FILTERS: AuditFilters = {
  from: '',
  to: '',
  userId: '',
  patientId: '',
  action: '',
  outcome: '',
};

export type AuditSortField =
  | 'at'
  | 'actorUserId'
  | 'action'
  | 'dataCategory'
  | 'outcome'
  | 'reasonCode'
  | 'purposeOfUse'
  | 'patientId'
  | 'breakGlass'
  | 'sourceAddress';

export interface AuditSort {
  by: AuditSortField;
  dir: 'asc' | 'desc';
}

export interface AuditRow {
  at: string;
  patientId: string | null;
  actorUserId: string | null;
  onBehalfOfUserId: string | null;
  action: string;
  dataCategory: string | null;
  outcome: string;
  reasonCode: string | null;
  purposeOfUse: string | null;
  sourceAddress: string | null;
  requestId: string | null;
  resourceType: string | null;
  resourceId: string | null;
  breakGlass: boolean;
}

export interface AuditPage {
  rows: AuditRow[];
  nextCursor?: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function localMidnight(day: string, addDays = 0): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + addDays).toISOString();
}

/** The API query for one page (or, with `format: 'csv'`, the download). */
export function auditQuery(
  filters: AuditFilters,
  sort: AuditSort,
  limit: number,
  options: { cursor?: string; format?: 'csv' } = {},
): string {
  const params = new URLSearchParams();
  if (filters.from) params.set('from', localMidnight(filters.from));
  if (filters.to) params.set('to', localMidnight(filters.to, 1));
  if (filters.userId) params.set('userId', filters.userId.trim().toLowerCase());
  if (filters.patientId) params.set('patientId', filters.patientId.trim().toLowerCase());
  if (filters.action) params.set('action', filters.action);
  if (filters.outcome) params.set('outcome', filters.outcome);
  params.set('sortBy', sort.by);
  params.set('sortDir', sort.dir);
  params.set('limit', String(limit));
  if (options.cursor) params.set('cursor', options.cursor);
  if (options.format) params.set('format', options.format);
  return params.toString();
}
