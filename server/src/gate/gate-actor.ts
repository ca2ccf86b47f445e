/**
 * Who a repository acts for. Staff facts (roles, clearance, sensitive-label grants) are read in
 * the same tenant transaction as each access, so a role removed, a licence lapsed or an
 * attestation due takes effect on the very next call. Patients and proxies arrive already
 * checked for this request by actingContext (identity/proxy-routes/acting-context.ts).
 */
import type { Actor, ClientActor, PatientActor, ProxyActor } from '../access/index.js';
import type { Tx } from '../db/transactions.js';
import type { ActingContext } from '../identity/proxy-routes/acting-context.js';
import { staffActorOf, staffFacts, type StaffFacts } from './staff-facts.js';

/** A staff member, whose facts are read at each access. */
export interface StaffPrincipal {
  kind: 'staff';
  tenantId: string;
  userId: string;
}

/**
 * A background job of one practice, named so that it is found in review (`kind: 'system'`) and
 * in the audit log (reason `system_job`, no person).
 */
export interface SystemPrincipal {
  kind: 'system';
  tenantId: string;
  job: string;
}

/** Whom a repository is bound to. */
export type Principal = StaffPrincipal | PatientActor | ProxyActor | ClientActor | SystemPrincipal;

/**
 * A principal known only inside the transaction (or read session): an API request's bearer
 * token, checked in the same one as the access it asks for (one per request, and a revocation
 * binds the very request that reads). `resolve` throws (401, 403) when the token does not
 * stand; the repository then answers nothing.
 */
export interface DeferredPrincipal {
  kind: 'deferred';
  tenantId: string;
  resolve(tx: Tx, now: Date): Promise<ResolvedPrincipal>;
}

/**
 * A principal as resolved in a transaction, with a staff member's facts when the statement that
 * resolved it read them too (a bearer token's look-up does): they hold for that transaction only.
 */
export interface ResolvedPrincipal {
  principal: Principal;
  staffFacts?: StaffFacts;
}

/** The principal of a patient or proxy request, from its acting context. */
export function principalFromActing(userId: string, acting: ActingContext): Principal {
  if (acting.onBehalfOf === undefined) {
    return { kind: 'patient', userId, tenantId: acting.tenantId, patientId: acting.patientId };
  }
  return {
    kind: 'proxy',
    userId,
    tenantId: acting.tenantId,
    patientId: acting.patientId,
    scopes: acting.scopes,
    excludedCategories: acting.excludedCategories,
    ...(acting.proxyAccess?.speaksForPatient ? { speaksForPatient: true } : {}),
  };
}

/**
 * The actor the decision sees. A staff member's facts are those `factsReadInTx` holds (read in
 * this very transaction with the principal), else read now in `tx` (one statement).
 */
export async function resolveActor(
  tx: Tx,
  principal: Principal,
  now: Date,
  factsReadInTx?: StaffFacts,
): Promise<Actor> {
  if (principal.kind === 'system') return { kind: 'system', job: principal.job };
  if (principal.kind !== 'staff') return principal;
  const { tenantId, userId } = principal;
  return staffActorOf(
    tenantId,
    userId,
    factsReadInTx ?? (await staffFacts(tx, tenantId, userId, now)),
  );
}
