/**
 * A patient managing who can act for them (CHILD-1): an adult patient gives a caregiver access
 * to their record in one practice, reviews who holds access, and revokes it at once. A proxy may
 * also give up their own access.
 */
import { systemTransaction, tenantTransaction, type Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { accountContact, findAccountByEmail } from '../accounts/accounts.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import {
  grantProxyByPatient,
  listProxiesForPatient,
  revokeProxy,
  type ProxyRelationship,
} from '../proxies/index.js';
import { grantViews, type GrantView } from './grant-views.js';
import type { RecordKeys } from '../../records/record-keys.js';
import { patientKeys, readPatientFacts } from './patient-facts.js';
import { ownPatientAccounts } from './record-access.js';

/** What a patient asks for when giving someone access. */
export interface MyProxyRequest {
  tenantId: string;
  proxyEmail: string;
  relationship: ProxyRelationship;
  scopes: string[];
  expiresAt?: Date;
}

/**
 * Gives the person at `proxyEmail` access to the caller's own record in the practice. The proxy
 * must already have an account and be 18 or over by the date of birth on it; an account without
 * a date of birth is refused, since their age cannot be confirmed. The age, scope and expiry
 * rules are grantProxyByPatient's.
 */
export async function grantMyProxy(
  deps: IdentityDeps,
  userId: string,
  input: MyProxyRequest,
): Promise<GrantView> {
  const patientId = await ownActivePatientId(deps, userId, input.tenantId);
  const key = await platformKey(deps);
  const proxy = await systemTransaction(deps.db, async (tx) => {
    const account = await findAccountByEmail(tx, key, input.proxyEmail);
    if (!account || account.status !== 'active') return undefined;
    return { id: account.id, dateOfBirth: (await accountContact(tx, key, account.id)).dateOfBirth };
  });
  if (!proxy) {
    throw new AppError(
      'not_found',
      'No Haven account uses this email. Ask the person to create an account, then try again.',
    );
  }
  if (proxy.id === userId) {
    throw new AppError('validation_failed', 'You already have access to your own record.', [
      { location: 'proxyEmail', message: 'must be someone else’s account' },
    ]);
  }
  if (proxy.dateOfBirth === undefined) {
    throw new AppError(
      'unprocessable',
      'This person’s account has no date of birth, so we cannot confirm they are 18 or over. Ask them to add it to their account, then try again.',
    );
  }
  const proxyDateOfBirth = proxy.dateOfBirth;
  const keys = await patientKeys(deps.keyring, input.tenantId, [patientId]);
  const grant = await tenantTransaction(deps.db, input.tenantId, async (tx) => {
    await assertStillOwnRecord(tx, userId, patientId);
    const birthDate = await patientBirthDate(tx, input.tenantId, keys, patientId);
    return grantProxyByPatient(tx, {
      patientId,
      patientDateOfBirth: birthDate,
      proxyUserId: proxy.id,
      proxyDateOfBirth,
      relationship: input.relationship,
      scopes: input.scopes,
      ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
      grantedBy: userId,
      now: deps.now(),
    });
  });
  const [view] = await grantViews(deps, [{ ...grant, status: 'active' }]);
  if (!view) throw new Error('a created grant has no view');
  return view;
}

/** Everyone who holds or held access to the caller's own record in the practice, newest first. */
export async function listMyProxies(
  deps: IdentityDeps,
  userId: string,
  tenantId: string,
): Promise<GrantView[]> {
  const patientId = await ownActivePatientId(deps, userId, tenantId);
  const keys = await patientKeys(deps.keyring, tenantId, [patientId]);
  const grants = await tenantTransaction(deps.db, tenantId, async (tx) => {
    await assertStillOwnRecord(tx, userId, patientId);
    const birthDate = await patientBirthDate(tx, tenantId, keys, patientId);
    return listProxiesForPatient(tx, { patientId, patientDateOfBirth: birthDate, now: deps.now() });
  });
  return grantViews(deps, grants);
}

/**
 * Revokes a grant, effective from the next request. The patient may revoke a grant they gave;
 * a parent's or guardian's access to a minor is the practice's to change (forbidden). The proxy
 * may give up their own access. Anyone else, or an unknown grant: not found.
 */
export async function revokeMyGrant(
  deps: IdentityDeps,
  userId: string,
  grantId: string,
): Promise<GrantView & { alreadyRevoked: boolean }> {
  // The grant id alone does not say which practice holds it: a system look-up of its address.
  const found = await systemTransaction(deps.db, (tx) =>
    tx
      .selectFrom('proxy_grant')
      .select(['tenant_id', 'patient_id', 'proxy_user_id', 'basis'])
      .where('id', '=', grantId)
      .executeTakeFirst(),
  );
  if (!found) throw new AppError('not_found', 'No such proxy grant.');
  const result = await tenantTransaction(deps.db, found.tenant_id, async (tx) => {
    const isProxy = found.proxy_user_id === userId;
    const isPatient = await ownsRecord(tx, userId, found.patient_id);
    if (!isProxy && !isPatient) throw new AppError('not_found', 'No such proxy grant.');
    if (!isProxy && found.basis === 'guardian_of_minor') {
      throw new AppError(
        'forbidden',
        'A parent’s or guardian’s access is changed by your practice; please contact them.',
      );
    }
    return revokeProxy(tx, { grantId, revokedBy: userId, now: deps.now() });
  });
  const [view] = await grantViews(deps, [{ ...result.grant, status: 'revoked' }]);
  if (!view) throw new Error('a revoked grant has no view');
  return { ...view, alreadyRevoked: result.alreadyRevoked };
}

/** The patient id of the caller's active patient account in the practice, or not found. */
async function ownActivePatientId(
  deps: IdentityDeps,
  userId: string,
  tenantId: string,
): Promise<string> {
  const own = (await ownPatientAccounts(deps.db, userId)).find(
    (a) => a.tenantId === tenantId && a.status === 'active' && a.patientId !== null,
  );
  if (!own?.patientId)
    throw new AppError('not_found', 'You have no active record in this practice.');
  return own.patientId;
}

async function ownsRecord(tx: Tx, userId: string, patientId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('patient_account')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('patient_id', '=', patientId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

// Checked again inside the writing transaction: the account may have been closed since the
// look-up that found it.
async function assertStillOwnRecord(tx: Tx, userId: string, patientId: string): Promise<void> {
  if (!(await ownsRecord(tx, userId, patientId))) {
    throw new AppError('not_found', 'You have no active record in this practice.');
  }
}

async function patientBirthDate(
  tx: Tx,
  tenantId: string,
  keys: RecordKeys,
  patientId: string,
): Promise<string> {
  const facts = (await readPatientFacts(tx, tenantId, keys, [patientId])).get(patientId);
  if (facts?.birthDate === undefined) {
    throw new AppError(
      'unprocessable',
      'Your record has no full date of birth, which proxy access depends on. Please contact your practice.',
    );
  }
  return facts.birthDate;
}
