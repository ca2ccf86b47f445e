/**
 * What a proxy may do for a patient right now (CHILD-1, CHILD-2). Read on every check, with no
 * cache, so a revocation, an expiry, an 18th birthday or a change of the practice's teen policy
 * applies from the very next call.
 */
import type { Selectable } from 'kysely';
import type { Tx } from '../../db/transactions.js';
import { ADULT_AGE, OWN_ACCOUNT_AGE, ageInYears } from './age.js';
import { teenExcludedCategories } from './policy.js';
import {
  PROXY_SCOPES,
  assertUuid,
  assertValidDate,
  grantStatus,
  toProxyGrant,
  type ProxyBasis,
  type ProxyGrant,
  type ProxyScope,
} from './proxy-model.js';
import type { ProxyGrantTable } from './proxy-tables.js';

/** A proxy's access to one patient, combined over every grant in force. */
export interface EffectiveProxyAccess {
  /** The earliest grant in force (the one to name in an audit entry). */
  grantId: string;
  /** Every grant in force, earliest first. */
  grantIds: string[];
  patientId: string;
  /** The union of the grants' scopes, in PROXY_SCOPES order. */
  scopes: ProxyScope[];
  /** Sensitivity codes (v3 ActCode) the proxy must not see; empty for an adult or under-13. */
  excludedCategories: string[];
  /** The basis of the earliest grant in force. */
  basis: ProxyBasis;
  /**
   * A guardian of a child under 13, who has no account of their own (CHILD-1): the guardian
   * speaks for the child, and fills in the child's questionnaires before a visit.
   */
  speaksForPatient: boolean;
}

/**
 * The proxy's access to the patient at `now`, or `undefined` for none. A grant counts when it is
 * not revoked, not expired and, for a `guardian_of_minor` grant, the patient is under 18 (at 18
 * it simply stops; the adult may grant again with `granted_by_patient`).
 *
 * Exclusions: for a patient aged 13-17 each grant excludes the practice's teen policy
 * (policy.ts); under 13 or adult, nothing.
 *
 * Several grants: the scopes are combined (union) and only what every grant excludes stays
 * excluded (intersection), so a second grant never takes away what the first allowed. Today
 * every grant for one patient excludes the same (exclusions depend only on the patient's age
 * and the practice), so the intersection equals that set; were exclusions ever to vary by grant,
 * this would have to become per-scope rather than one list.
 *
 * The tenant wall keeps a grant in another practice invisible: it gives nothing here.
 */
export async function effectiveProxyAccess(
  tx: Tx,
  input: { proxyUserId: string; patientId: string; patientDateOfBirth: string; now: Date },
): Promise<EffectiveProxyAccess | undefined> {
  assertUuid(input.proxyUserId, 'proxyUserId');
  assertUuid(input.patientId, 'patientId');
  assertValidDate(input.now, 'now');
  const age = ageInYears(input.patientDateOfBirth, input.now);
  const rows = await unrevokedGrants(tx, input.proxyUserId)
    .where('patient_id', '=', input.patientId)
    .execute();
  return combine(tx, rows, age, input.now);
}

/** A patient a proxy can act for, and how. */
export interface ProxiedPatient {
  patientId: string;
  access: EffectiveProxyAccess;
}

/**
 * The patients a proxy can switch between at `now`, each with the proxy's access. Dates of
 * birth live in the sealed Patient resources, so the caller supplies `dateOfBirthOf` (which
 * may read them in this same transaction); it is called once per patient with a grant not
 * revoked.
 */
export async function listPatientsForProxy(
  tx: Tx,
  input: {
    proxyUserId: string;
    now: Date;
    dateOfBirthOf: (patientId: string) => Promise<string>;
  },
): Promise<ProxiedPatient[]> {
  assertUuid(input.proxyUserId, 'proxyUserId');
  assertValidDate(input.now, 'now');
  const rows = await unrevokedGrants(tx, input.proxyUserId).execute();
  const byPatient = new Map<string, Selectable<ProxyGrantTable>[]>();
  for (const row of rows)
    byPatient.set(row.patient_id, [...(byPatient.get(row.patient_id) ?? []), row]);
  const patients: ProxiedPatient[] = [];
  for (const [patientId, grants] of byPatient) {
    const age = ageInYears(await input.dateOfBirthOf(patientId), input.now);
    const access = await combine(tx, grants, age, input.now);
    if (access) patients.push({ patientId, access });
  }
  return patients;
}

function unrevokedGrants(tx: Tx, proxyUserId: string) {
  return tx
    .selectFrom('proxy_grant')
    .selectAll()
    .where('proxy_user_id', '=', proxyUserId)
    .where('revoked_at', 'is', null)
    .orderBy('granted_at')
    .orderBy('id');
}

async function combine(
  tx: Tx,
  rows: readonly Selectable<ProxyGrantTable>[],
  patientAge: number,
  now: Date,
): Promise<EffectiveProxyAccess | undefined> {
  const inForce = rows
    .map(toProxyGrant)
    .filter((g) => grantStatus(g, patientAge, now) === 'active');
  const first = inForce[0];
  if (!first) return undefined;
  const teenPolicy =
    patientAge >= OWN_ACCOUNT_AGE && patientAge < ADULT_AGE
      ? await teenExcludedCategories(tx, first.tenantId)
      : [];
  const exclusions = inForce.map((grant) => excludedFor(grant, patientAge, teenPolicy));
  const scopes = new Set(inForce.flatMap((grant) => grant.scopes));
  return {
    grantId: first.id,
    grantIds: inForce.map((grant) => grant.id),
    patientId: first.patientId,
    scopes: PROXY_SCOPES.filter((scope) => scopes.has(scope)),
    excludedCategories: (exclusions[0] ?? []).filter((c) => exclusions.every((e) => e.includes(c))),
    basis: first.basis,
    speaksForPatient:
      patientAge < OWN_ACCOUNT_AGE && inForce.some((grant) => grant.basis === 'guardian_of_minor'),
  };
}

// What one grant hides: the teen policy while the patient is 13-17. A guardian of a child under
// 13 sees everything (the child consents to nothing alone); an adult's proxy sees what the adult
// chose by scope.
function excludedFor(_grant: ProxyGrant, patientAge: number, teenPolicy: string[]): string[] {
  return patientAge >= OWN_ACCOUNT_AGE && patientAge < ADULT_AGE ? teenPolicy : [];
}

/** Why proxyCanDo allowed or refused. */
export type ProxyDecisionReason = 'ok' | 'no_proxy_access' | 'proxy_scope' | 'teen_confidential';

/** proxyCanDo's answer. */
export interface ProxyDecision {
  allowed: boolean;
  reason: ProxyDecisionReason;
}

/**
 * Whether `access` lets the proxy do `scope` on data carrying the sensitivity labels
 * `categories` (v3 ActCode codes from meta.security; compared case-insensitively). Pure: the
 * caller computes `access` with effectiveProxyAccess in the same transaction. Refuses with
 * `no_proxy_access` (no access at all), `proxy_scope` (scope not granted) or `teen_confidential`
 * (a label the teen policy excludes); unlabelled data is not excluded.
 */
export function proxyCanDo(
  access: EffectiveProxyAccess | undefined,
  request: { scope: ProxyScope; categories: readonly string[] },
): ProxyDecision {
  if (!access) return { allowed: false, reason: 'no_proxy_access' };
  if (!access.scopes.includes(request.scope)) return { allowed: false, reason: 'proxy_scope' };
  const excluded = new Set(access.excludedCategories.map((c) => c.toUpperCase()));
  if (request.categories.some((c) => excluded.has(c.toUpperCase()))) {
    return { allowed: false, reason: 'teen_confidential' };
  }
  return { allowed: true, reason: 'ok' };
}
