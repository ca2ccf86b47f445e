/**
 * The shape of a proxy grant and the pure rules on it: when a stored grant is in force. Shared
 * by the writing side (proxy-grants.ts) and the checking side (proxy-access.ts).
 */
import type { Selectable } from 'kysely';
import { AppError } from '../../errors/app-error.js';
import { ADULT_AGE } from './age.js';
import type { ProxyGrantTable } from './proxy-tables.js';

/** What a proxy may do for the patient. `read` covers the record; the others their own areas. */
export const PROXY_SCOPES = ['read', 'messaging', 'appointments', 'billing'] as const;
/** One thing a proxy may do for the patient. */
export type ProxyScope = (typeof PROXY_SCOPES)[number];

/** How the proxy is related to the patient. */
export type ProxyRelationship = 'parent' | 'legal_guardian' | 'caregiver';

/**
 * Why the proxy has access: `guardian_of_minor` (recorded by staff for a patient under 18, ends
 * when the patient turns 18) or `granted_by_patient` (an adult patient chose this proxy).
 */
export type ProxyBasis = 'guardian_of_minor' | 'granted_by_patient';

/** A stored grant of proxy access. */
export interface ProxyGrant {
  id: string;
  tenantId: string;
  patientId: string;
  proxyUserId: string;
  relationship: ProxyRelationship;
  basis: ProxyBasis;
  scopes: ProxyScope[];
  grantedBy: string;
  grantedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/**
 * Where a grant stands at a moment: `active`, `revoked`, `expired`, or `ended_at_majority` (a
 * guardian grant whose patient has turned 18).
 */
export type ProxyGrantStatus = 'active' | 'revoked' | 'expired' | 'ended_at_majority';

/** Maps a stored row to a grant. */
export function toProxyGrant(row: Selectable<ProxyGrantTable>): ProxyGrant {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    patientId: row.patient_id,
    proxyUserId: row.proxy_user_id,
    relationship: row.relationship,
    basis: row.basis,
    scopes: canonicalScopes(row.scopes),
    grantedBy: row.granted_by,
    grantedAt: new Date(row.granted_at),
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

/**
 * Where `grant` stands at `now` for a patient aged `patientAge`. Revocation counts whatever its
 * time: it was made effective at once, and a caller's clock a little behind the revoking node's
 * must not bring a grant back.
 */
export function grantStatus(grant: ProxyGrant, patientAge: number, now: Date): ProxyGrantStatus {
  if (grant.revokedAt !== null) return 'revoked';
  if (grant.expiresAt !== null && grant.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (grant.basis === 'guardian_of_minor' && patientAge >= ADULT_AGE) return 'ended_at_majority';
  return 'active';
}

/** Known scopes only, each once, in PROXY_SCOPES order. */
export function canonicalScopes(scopes: readonly string[]): ProxyScope[] {
  const chosen = new Set(scopes);
  return PROXY_SCOPES.filter((scope) => chosen.has(scope));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses an id that is not a UUID before it reaches SQL (where it would be a 500). */
export function assertUuid(value: string, location: string): void {
  if (!UUID.test(value)) {
    throw new AppError('validation_failed', 'An id is not valid.', [
      { location, message: 'must be a UUID' },
    ]);
  }
}

/** Refuses an invalid Date (`new Date('nonsense')`). */
export function assertValidDate(value: Date, location: string): void {
  if (Number.isNaN(value.getTime())) {
    throw new AppError('validation_failed', 'A time is not valid.', [
      { location, message: 'must be a valid date and time' },
    ]);
  }
}

/**
 * Turns a foreign-key failure on an account column into not_found: haven_app cannot read
 * app_user to check first, and an unknown account is the caller's mistake, not a server fault.
 * Anything else is rethrown as it is.
 */
export function mapUnknownAccount(error: unknown): never {
  if ((error as { code?: unknown } | null)?.code === '23503') {
    throw new AppError('not_found', 'No such account.', [], { cause: error });
  }
  throw error;
}
