/**
 * Whose record a request acts on, for every feature that reads or changes a patient's data
 * (CHILD-1, CHILD-2). The session only remembers which record was chosen; whether the person may
 * still open it is decided again on every call, so a revoked or expired grant, or a guardian
 * grant whose patient has turned 18, stops working on the very next request.
 */
import type { IdentityDeps } from '../identity-deps.js';
import {
  proxyCanDo,
  type EffectiveProxyAccess,
  type ProxyDecision,
  type ProxyScope,
} from '../proxies/index.js';
import type { Session } from '../sessions/session-store.js';
import { ownPatientAccounts, resolveRecordAccess, type RecordAccess } from './record-access.js';

/** The record a request acts on, and what the person may do there. */
export interface ActingContext {
  tenantId: string;
  patientId: string;
  /**
   * Set when the person acts as someone's proxy: their own user id, which the audit records as
   * acting on the patient's behalf. Absent when it is the person's own record.
   */
  onBehalfOf?: string;
  /** What the person may do: every scope on their own record, a proxy's granted scopes. */
  scopes: ProxyScope[];
  /** Sensitivity codes (v3 ActCode) the person must not see (a teenager's guardian). */
  excludedCategories: string[];
  /** For a proxy: the access checked just now (grant ids for the audit, for proxyCanDo). */
  proxyAccess?: EffectiveProxyAccess;
}

/**
 * The record the session acts on, checked now, or undefined when there is none the person may
 * open. With no record chosen, a person with exactly one active patient account acts on it;
 * anyone else (several practices, or proxy access only) must choose with POST /api/me/acting-as,
 * so a page never guesses whose record to show.
 */
export async function actingContext(
  deps: IdentityDeps,
  session: ActingSession,
): Promise<ActingContext | undefined> {
  const access = await actingRecord(deps, session);
  if (!access) return undefined;
  return {
    tenantId: access.tenantId,
    patientId: access.patientId,
    ...(access.self ? {} : { onBehalfOf: session.userId }),
    scopes: access.scopes,
    excludedCategories: access.excludedCategories,
    ...(access.proxy ? { proxyAccess: access.proxy.access } : {}),
  };
}

/** The parts of a session that say whose record it acts on. */
export type ActingSession = Pick<Session, 'userId' | 'actingTenantId' | 'actingPatientId'>;

/**
 * The record behind actingContext, with what the record switcher shows about it (the patient's
 * name, the grant's relationship and expiry). Same rules, same re-check on every call.
 */
export async function actingRecord(
  deps: IdentityDeps,
  session: ActingSession,
): Promise<RecordAccess | undefined> {
  let target: { tenantId: string; patientId: string } | undefined;
  if (session.actingTenantId !== null && session.actingPatientId !== null) {
    target = { tenantId: session.actingTenantId, patientId: session.actingPatientId };
  } else {
    const own = (await ownPatientAccounts(deps.db, session.userId)).filter(
      (a) => a.status === 'active' && a.patientId !== null,
    );
    const only = own.length === 1 ? own[0] : undefined;
    if (only?.patientId) target = { tenantId: only.tenantId, patientId: only.patientId };
  }
  return target ? resolveRecordAccess(deps, session.userId, target) : undefined;
}

/**
 * Whether the acting person may do `scope` on data labelled with `categories`. Their own record:
 * always. As a proxy: proxyCanDo on the access checked in actingContext. No context: refused.
 */
export function actingMayDo(
  context: ActingContext | undefined,
  request: { scope: ProxyScope; categories: readonly string[] },
): ProxyDecision {
  if (!context) return { allowed: false, reason: 'no_proxy_access' };
  if (context.onBehalfOf === undefined) return { allowed: true, reason: 'ok' };
  return proxyCanDo(context.proxyAccess, request);
}
