// Where a data key sits in the envelope hierarchy. Master key → tenant (and platform) keys →
// patient keys: erasing one level makes everything beneath it unreadable.

/** A key for data that belongs to no practice (platform-wide settings, staff accounts). */
export interface PlatformKeyScope {
  readonly kind: 'platform';
}
/** A practice's key: wraps its patients' keys and encrypts practice-level data. */
export interface TenantKeyScope {
  readonly kind: 'tenant';
  readonly tenantId: string;
}
/** One patient's key in one practice: destroying it crypto-shreds that patient's data there. */
export interface PatientKeyScope {
  readonly kind: 'patient';
  readonly tenantId: string;
  readonly patientId: string;
}

/** Which data key is meant. */
export type KeyScope = PlatformKeyScope | TenantKeyScope | PatientKeyScope;

/** The master key provider, which wraps tenant and platform keys. It is never stored as a row. */
export interface MasterScope {
  readonly kind: 'master';
}

/** The master scope, shared so callers need not build their own. */
export const MASTER_SCOPE: MasterScope = Object.freeze({ kind: 'master' });

/** Shorthand constructors, so call sites read as what they mean. */
export const platformScope = (): PlatformKeyScope => ({ kind: 'platform' });
export const tenantScope = (tenantId: string): TenantKeyScope => ({ kind: 'tenant', tenantId });
export const patientScope = (tenantId: string, patientId: string): PatientKeyScope => ({
  kind: 'patient',
  tenantId,
  patientId,
});

/**
 * Throws unless every id in `scope` is a non-empty string. An empty id would silently share a
 * key between everything that forgot to set it.
 */
export function assertScope(scope: KeyScope): void {
  const ids: [string, unknown][] = [];
  switch (scope.kind) {
    case 'platform':
      break;
    case 'tenant':
      ids.push(['tenantId', scope.tenantId]);
      break;
    case 'patient':
      ids.push(['tenantId', scope.tenantId], ['patientId', scope.patientId]);
      break;
    default:
      throw new TypeError(`unknown key scope kind: ${String((scope as { kind: unknown }).kind)}`);
  }
  for (const [name, value] of ids) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`key scope ${name} must be a non-empty string`);
    }
  }
}

/**
 * A stable string for a scope, for use as a map or database key: `platform`, `tenant:<id>`,
 * `patient:<tenantId>:<patientId>`. Ids are percent-encoded so an id containing `:` cannot make
 * two scopes share a string.
 */
export function scopeKey(scope: KeyScope): string {
  assertScope(scope);
  switch (scope.kind) {
    case 'platform':
      return 'platform';
    case 'tenant':
      return `tenant:${encodeURIComponent(scope.tenantId)}`;
    case 'patient':
      return `patient:${encodeURIComponent(scope.tenantId)}:${encodeURIComponent(scope.patientId)}`;
  }
}

/** The inverse of {@link scopeKey}, for stores that keep only the string. Throws if malformed. */
export function parseScopeKey(key: string): KeyScope {
  const malformed = new TypeError('malformed key scope string');
  const [kind, ...encodedIds] = key.split(':');
  let ids: string[];
  try {
    ids = encodedIds.map((id) => decodeURIComponent(id));
  } catch {
    throw malformed;
  }
  let scope: KeyScope;
  if (kind === 'platform' && ids.length === 0) scope = platformScope();
  else if (kind === 'tenant' && ids.length === 1) scope = tenantScope(ids[0] ?? '');
  else if (kind === 'patient' && ids.length === 2) scope = patientScope(ids[0] ?? '', ids[1] ?? '');
  else throw malformed;
  // Round-tripping rejects empty ids and non-canonical spellings (needless percent-encoding), so
  // each scope has exactly one accepted string.
  try {
    if (scopeKey(scope) === key) return scope;
  } catch {
    // fall through
  }
  throw malformed;
}

/**
 * The scope whose key wraps this one: a patient key is wrapped by its tenant's key, tenant and
 * platform keys by the master key.
 */
export function parentScope(scope: PatientKeyScope): TenantKeyScope;
export function parentScope(scope: TenantKeyScope | PlatformKeyScope): MasterScope;
export function parentScope(scope: KeyScope): TenantKeyScope | MasterScope;
export function parentScope(scope: KeyScope): TenantKeyScope | MasterScope {
  assertScope(scope);
  return scope.kind === 'patient' ? tenantScope(scope.tenantId) : MASTER_SCOPE;
}

/** True if two scopes name the same key. */
export function sameScope(a: KeyScope, b: KeyScope): boolean {
  return scopeKey(a) === scopeKey(b);
}
