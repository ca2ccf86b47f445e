/**
 * Which patient records a person can open, and how: their own patient accounts, and the records
 * they hold proxy access to. Every answer is computed from the stored rows at the moment of the
 * call (no cache), so a revocation, an expiry or an 18th birthday applies to the next request.
 */
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction, tenantTransaction, type Tx } from '../../db/transactions.js';
import type { PatientAccountStatus } from '../identity-tables.js';
import type { IdentityDeps } from '../identity-deps.js';
import {
  PROXY_SCOPES,
  effectiveProxyAccess,
  type EffectiveProxyAccess,
  type ProxyBasis,
  type ProxyRelationship,
  type ProxyScope,
} from '../proxies/index.js';
import { patientKeys, readPatientFacts, type PatientFacts } from './patient-facts.js';

/** How a person may open one patient's record right now. */
export interface RecordAccess {
  tenantId: string;
  patientId: string;
  /** The patient's name from their Patient resource (null when it names nobody). */
  displayName: string | null;
  /** True for the person's own record (their active patient account). */
  self: boolean;
  scopes: ProxyScope[];
  excludedCategories: string[];
  /** For a proxy: the combined grants in force. */
  proxy?: ProxyAccessDetails;
}

/** A proxy's access, with what the record switcher shows about the grants behind it. */
export interface ProxyAccessDetails {
  access: EffectiveProxyAccess;
  relationship: ProxyRelationship;
  basis: ProxyBasis;
  /** When the last grant in force expires; null when one of them never does. */
  expiresAt: Date | null;
}

/** One of the person's own patient accounts. */
export interface OwnPatientAccount {
  tenantId: string;
  practiceName: string;
  patientId: string | null;
  status: PatientAccountStatus;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person's own patient accounts in every practice. Read on the system path because it
 * crosses practices, like `membershipsOf`; it reads only the caller's own rows.
 */
export function ownPatientAccounts(
  db: HavenDatabase,
  userId: string,
): Promise<OwnPatientAccount[]> {
  return systemTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('patient_account as a')
      .innerJoin('practice as p', 'p.id', 'a.tenant_id')
      .select(['a.tenant_id', 'p.name', 'a.patient_id', 'a.status'])
      .where('a.user_id', '=', userId)
      .orderBy('p.name')
      .orderBy('a.tenant_id')
      .execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      practiceName: r.name,
      patientId: r.patient_id,
      status: r.status,
    }));
  });
}

/**
 * The practices and patients for which the person holds a grant not revoked, with each
 * practice's name. Only ids and the public practice name cross practices here (system path);
 * whether a grant is in force is decided in that practice's own transaction.
 */
export function heldGrantPatients(
  db: HavenDatabase,
  userId: string,
): Promise<{ tenantId: string; practiceName: string; patientIds: string[] }[]> {
  return systemTransaction(db, async (tx) => {
    const rows = await tx
      .selectFrom('proxy_grant as g')
      .innerJoin('practice as p', 'p.id', 'g.tenant_id')
      .select(['g.tenant_id', 'p.name', 'g.patient_id'])
      .distinct()
      .where('g.proxy_user_id', '=', userId)
      .where('g.revoked_at', 'is', null)
      .orderBy('p.name')
      .orderBy('g.tenant_id')
      .orderBy('g.patient_id')
      .execute();
    const byTenant = new Map<
      string,
      { tenantId: string; practiceName: string; patientIds: string[] }
    >();
    for (const row of rows) {
      const entry = byTenant.get(row.tenant_id) ?? {
        tenantId: row.tenant_id,
        practiceName: row.name,
        patientIds: [],
      };
      entry.patientIds.push(row.patient_id);
      byTenant.set(row.tenant_id, entry);
    }
    return [...byTenant.values()];
  });
}

/**
 * How `userId` may open the record of `patientId` in `tenantId` at `now`, or undefined: their
 * own active patient account, else proxy access in force. A made-up id, another practice's
 * patient, a grant revoked or expired, or a patient whose date of birth is unknown (age decides
 * whether a guardian grant still holds, so unknown fails closed) all give undefined.
 */
export async function resolveRecordAccess(
  deps: IdentityDeps,
  userId: string,
  target: { tenantId: string; patientId: string },
): Promise<RecordAccess | undefined> {
  const { tenantId, patientId } = target;
  if (!UUID.test(tenantId) || !UUID.test(patientId) || !UUID.test(userId)) return undefined;
  const now = deps.now();
  // Keys come from the key store in their own transactions: fetched before opening this one.
  const keys = await patientKeys(deps.keyring, tenantId, [patientId]);
  return tenantTransaction(deps.db, tenantId, async (tx) => {
    const facts = (await readPatientFacts(tx, tenantId, keys, [patientId])).get(patientId);
    const own = await tx
      .selectFrom('patient_account')
      .select('status')
      .where('user_id', '=', userId)
      .where('patient_id', '=', patientId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (own) {
      return {
        tenantId,
        patientId,
        displayName: facts?.displayName ?? null,
        self: true,
        scopes: [...PROXY_SCOPES],
        excludedCategories: [],
      };
    }
    return facts ? proxyAccessIn(tx, tenantId, userId, facts, now) : undefined;
  });
}

/**
 * The proxy's access to one patient whose facts are known, in the caller's tenant transaction,
 * or undefined when no grant is in force.
 */
export async function proxyAccessIn(
  tx: Tx,
  tenantId: string,
  proxyUserId: string,
  facts: PatientFacts,
  now: Date,
): Promise<RecordAccess | undefined> {
  if (facts.birthDate === undefined) return undefined;
  const access = await effectiveProxyAccess(tx, {
    proxyUserId,
    patientId: facts.patientId,
    patientDateOfBirth: facts.birthDate,
    now,
  });
  if (!access) return undefined;
  const grants = await tx
    .selectFrom('proxy_grant')
    .select(['id', 'relationship', 'expires_at'])
    .where('id', 'in', access.grantIds)
    .execute();
  const first = grants.find((g) => g.id === access.grantId);
  const expiries = grants.map((g) => g.expires_at);
  const expiresAt = expiries.some((e) => e === null)
    ? null
    : new Date(Math.max(...expiries.map((e) => new Date(e ?? 0).getTime())));
  return {
    tenantId,
    patientId: facts.patientId,
    displayName: facts.displayName,
    self: false,
    scopes: access.scopes,
    excludedCategories: access.excludedCategories,
    proxy: {
      access,
      relationship: first?.relationship ?? 'caregiver',
      basis: access.basis,
      expiresAt,
    },
  };
}

/**
 * Every record the person can open as a proxy right now, practice by practice: the record
 * switcher's "people I act for".
 */
export async function listProxiedRecords(
  deps: IdentityDeps,
  userId: string,
): Promise<(RecordAccess & { practiceName: string })[]> {
  const held = await heldGrantPatients(deps.db, userId);
  const now = deps.now();
  const records: (RecordAccess & { practiceName: string })[] = [];
  for (const { tenantId, practiceName, patientIds } of held) {
    const keys = await patientKeys(deps.keyring, tenantId, patientIds);
    const found = await tenantTransaction(deps.db, tenantId, async (tx) => {
      const facts = await readPatientFacts(tx, tenantId, keys, patientIds);
      const inForce: RecordAccess[] = [];
      for (const patientFacts of facts.values()) {
        const access = await proxyAccessIn(tx, tenantId, userId, patientFacts, now);
        if (access) inForce.push(access);
      }
      return inForce;
    });
    records.push(...found.map((r) => ({ ...r, practiceName })));
  }
  return records;
}
