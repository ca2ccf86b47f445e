/**
 * How a proxy grant is shown to the patient or staff: the grant, where it stands, and the proxy's
 * name (the patient must be able to see who can act for them). Names are sealed with the
 * platform key, so they are read on the system path, outside any tenant transaction.
 */
import { Type } from 'typebox';
import { systemTransaction } from '../../db/transactions.js';
import { accountContact } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import { PROXY_SCOPES, type ProxyGrant, type ProxyGrantStatus } from '../proxies/index.js';

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

/** A proxy scope, as the API spells it. */
export const ScopeSchema = Type.Union(PROXY_SCOPES.map((s) => Type.Literal(s)));

/** The response schema of one grant. */
export const GrantViewSchema = Type.Object({
  id: Type.String(),
  tenantId: Type.String(),
  patientId: Type.String(),
  proxyUserId: Type.String(),
  proxyDisplayName: Type.String(),
  relationship: Type.String(),
  basis: Type.String(),
  scopes: Type.Array(Type.String()),
  grantedAt: DateTime,
  expiresAt: NullableDateTime,
  revokedAt: NullableDateTime,
  status: Type.String(),
});

/** One grant as the API answers it. */
export interface GrantView {
  id: string;
  tenantId: string;
  patientId: string;
  proxyUserId: string;
  proxyDisplayName: string;
  relationship: string;
  basis: string;
  scopes: string[];
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: ProxyGrantStatus;
}

/** The display names of these accounts (system path: account fields are platform data). */
export async function accountNames(
  deps: IdentityDeps,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const key = await platformKey(deps);
  return systemTransaction(deps.db, async (tx) => {
    const names = new Map<string, string>();
    for (const userId of unique) {
      names.set(userId, (await accountContact(tx, key, userId)).displayName);
    }
    return names;
  });
}

/** Grants with their status, shown with the proxies' names. */
export async function grantViews(
  deps: IdentityDeps,
  grants: readonly (ProxyGrant & { status: ProxyGrantStatus })[],
): Promise<GrantView[]> {
  const names = await accountNames(
    deps,
    grants.map((g) => g.proxyUserId),
  );
  return grants.map((g) => ({
    id: g.id,
    tenantId: g.tenantId,
    patientId: g.patientId,
    proxyUserId: g.proxyUserId,
    proxyDisplayName: names.get(g.proxyUserId) ?? '',
    relationship: g.relationship,
    basis: g.basis,
    scopes: g.scopes,
    grantedAt: g.grantedAt.toISOString(),
    expiresAt: g.expiresAt?.toISOString() ?? null,
    revokedAt: g.revokedAt?.toISOString() ?? null,
    status: g.status,
  }));
}
