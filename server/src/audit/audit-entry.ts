/**
 * What an audit entry may say, and the validation every entry passes before it is written. The
 * fields are ids (opaque UUIDs) and short tokens: there is deliberately no free-text field, so
 * no caller can put a diagnosis, a name or a value into the log.
 */
import { isIP } from 'node:net';

/** Access actions and security events (ONC 170.315 (d)(2); ASTM E2147). */
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
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `allowed`/`denied` for access decisions, `success`/`failure` for operations and events. */
export const AUDIT_OUTCOMES = ['allowed', 'denied', 'success', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** What a caller hands the writer. Everything but tenant, action and outcome is optional. */
export interface AuditEntryInput {
  tenantId: string;
  /** The patient the entry is about (an opaque UUID), if any. */
  patientId?: string | null;
  /** The signed-in user; null for the system (jobs). */
  actorUserId?: string | null;
  /** The user a proxy acts for (a parent for a child, a carer). */
  onBehalfOfUserId?: string | null;
  action: AuditAction;
  /** A coarse category, such as a FHIR resource type or `account`; never a diagnosis or value. */
  dataCategory?: string | null;
  outcome: AuditOutcome;
  /** The access decision's short reason token, e.g. `care_team` or `no_relationship`. */
  reasonCode?: string | null;
  /** HL7 v3 PurposeOfUse code: TREAT, ETREAT (break-the-glass), HPAYMT, HOPERAT, PATRQT... */
  purposeOfUse?: string | null;
  /** The client's IP address. */
  sourceAddress?: string | null;
  requestId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  breakGlass?: boolean;
}

/** An entry after validation: every field present, ids in lower case, null for "none". */
export interface AuditEntryFields {
  tenantId: string;
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

/**
 * A malformed audit entry. It is a programming error in the caller (never the end user's
 * input), so it is not an AppError: the request fails as a generic 500 and the log names the
 * field. The message names the field and the rule, never the value.
 */
export class AuditEntryError extends Error {
  override readonly name = 'AuditEntryError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The same patterns as the CHECK constraints in the migration.
const TOKENS = {
  dataCategory: /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
  reasonCode: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
  purposeOfUse: /^[A-Z][A-Z0-9_]{0,31}$/,
  requestId: /^[A-Za-z0-9._:-]{1,128}$/,
  resourceType: /^[A-Z][A-Za-z]{1,63}$/,
  resourceId: /^[A-Za-z0-9.-]{1,64}$/,
} as const;
const ACTIONS = new Set<string>(AUDIT_ACTIONS);
const OUTCOMES = new Set<string>(AUDIT_OUTCOMES);
const KNOWN_KEYS = new Set<string>([
  'tenantId',
  'patientId',
  'actorUserId',
  'onBehalfOfUserId',
  'action',
  'dataCategory',
  'outcome',
  'reasonCode',
  'purposeOfUse',
  'sourceAddress',
  'requestId',
  'resourceType',
  'resourceId',
  'breakGlass',
]);

function fail(field: string, rule: string): never {
  throw new AuditEntryError(`audit entry: ${field} ${rule}`);
}

function uuid(value: unknown, field: string, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) fail(field, 'is required');
    return null;
  }
  if (typeof value !== 'string' || !UUID.test(value)) fail(field, 'must be a UUID');
  return value.toLowerCase();
}

function token(value: unknown, field: keyof typeof TOKENS): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !TOKENS[field].test(value)) {
    fail(field, `must match ${TOKENS[field].source}`);
  }
  return value;
}

/**
 * Checks one entry and returns its normalised fields. Unknown properties are refused rather
 * than dropped, so nobody believes a field was logged when it was not (or logs a value by
 * accident under a new name).
 *
 * @throws {AuditEntryError} naming the first bad field.
 */
export function validateAuditEntry(input: AuditEntryInput): AuditEntryFields {
  if (typeof input !== 'object' || input === null) fail('entry', 'must be an object');
  for (const key of Object.keys(input)) {
    if (!KNOWN_KEYS.has(key)) fail(key, 'is not an audit entry field');
  }
  if (!ACTIONS.has(input.action)) fail('action', `must be one of ${AUDIT_ACTIONS.join(', ')}`);
  if (!OUTCOMES.has(input.outcome)) fail('outcome', `must be one of ${AUDIT_OUTCOMES.join(', ')}`);
  const address = input.sourceAddress;
  if (address !== undefined && address !== null) {
    // No IPv6 zone (`%eth0`): it names an interface of the server, not the client.
    if (typeof address !== 'string' || isIP(address) === 0 || address.includes('%')) {
      fail('sourceAddress', 'must be an IP address');
    }
  }
  const breakGlass = input.breakGlass ?? false;
  if (typeof breakGlass !== 'boolean') fail('breakGlass', 'must be a boolean');
  return {
    tenantId: uuid(input.tenantId, 'tenantId', true) as string,
    patientId: uuid(input.patientId, 'patientId', false),
    actorUserId: uuid(input.actorUserId, 'actorUserId', false),
    onBehalfOfUserId: uuid(input.onBehalfOfUserId, 'onBehalfOfUserId', false),
    action: input.action,
    dataCategory: token(input.dataCategory, 'dataCategory'),
    outcome: input.outcome,
    reasonCode: token(input.reasonCode, 'reasonCode'),
    purposeOfUse: token(input.purposeOfUse, 'purposeOfUse'),
    sourceAddress: address ?? null,
    requestId: token(input.requestId, 'requestId'),
    resourceType: token(input.resourceType, 'resourceType'),
    resourceId: token(input.resourceId, 'resourceId'),
    breakGlass,
  };
}
