/**
 * Practice staff administration (DATA-15, USE-10): the staff list, licences and their
 * verification, and roles. Only the practice's administrators may use these routes; for anyone
 * else they answer not-found. The check is repeated inside the transaction that acts, so a role
 * removed meanwhile cannot slip through.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { tenantScope } from '../../crypto/index.js';
import { systemTransaction, tenantTransaction, type Tx } from '../../db/transactions.js';
import { notFound } from '../../errors/app-error.js';
import { accountContact, findAccountById } from '../accounts/accounts.js';
import { requireSignedIn } from '../http/auth-plugin.js';
import { platformKey, type IdentityDeps } from '../identity-deps.js';
import type { StaffRole } from '../roles.js';
import type { IdentityRouteOptions } from '../routes/auth-routes.js';
import { decideLicence, findLicence, recordLicence } from './licences.js';
import { auditSecurityEvent } from '../security-audit.js';
import {
  addRole,
  removeRole,
  requirePracticeRole,
  rolesInPractice,
  type RoleChange,
} from './practice-staff.js';
import { signedInFirst } from './signed-in-first.js';
import { listStaff } from './staff-list.js';
import {
  LicenceAnswer,
  LicenceBody,
  PracticeParams,
  RoleName,
  RolesAnswer,
  StaffMemberAnswer,
  StaffParams,
  StaffRoleParams,
  VerificationBody,
  licenceJson,
  signatureJson,
} from './staff-schemas.js';

type StaffTarget = { tenantId: string; userId: string };

/**
 * The tenant key, for an administrator of the practice only. Checked first so no key is
 * fetched (or created) for a practice the caller does not administer, or one that does not exist.
 */
async function adminTenantKey(deps: IdentityDeps, tenantId: string, callerId: string) {
  await tenantTransaction(deps.db, tenantId, (tx) =>
    requirePracticeRole(tx, tenantId, callerId, 'practice_admin'),
  );
  return deps.keyring.dataKey(tenantScope(tenantId));
}

/** Registers the practice administration routes. Called by registerStaffRoutes. */
export function registerStaffAdminRoutes(app: FastifyInstance, { deps }: IdentityRouteOptions) {
  /**
   * An administrator adds or removes a role: checked, changed and audited (the admin as actor,
   * the account changed as subject) in one transaction.
   */
  function changeRole(
    adminId: string,
    ip: string,
    change: RoleChange,
    apply: (tx: Tx, change: RoleChange) => Promise<StaffRole[]>,
    reason: 'role_added' | 'role_removed',
  ): Promise<StaffRole[]> {
    return tenantTransaction(deps.db, change.tenantId, async (tx) => {
      await requirePracticeRole(tx, change.tenantId, adminId, 'practice_admin');
      const after = await apply(tx, change);
      await auditSecurityEvent(tx, {
        userId: adminId,
        tenantId: change.tenantId,
        subjectUserId: change.userId,
        action: 'role_change',
        outcome: 'success',
        reason: `${reason}:${change.role}`,
        sourceAddress: ip,
      });
      return after;
    });
  }

  app.get(
    '/api/practices/:tenantId/staff',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'The practice’s staff: roles, licence, agreement and clearance (administrators)',
        params: PracticeParams,
        response: { 200: Type.Array(StaffMemberAnswer) },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId } = request.params as { tenantId: string };
      const staff = await tenantTransaction(deps.db, tenantId, async (tx) => {
        await requirePracticeRole(tx, tenantId, session.userId, 'practice_admin');
        return listStaff(tx, tenantId, deps.now());
      });
      // Names and emails are platform data (one account across practices), sealed with the
      // platform key and read on the system path, for these staff members only.
      const key = await platformKey(deps);
      const contacts = await systemTransaction(deps.db, async (tx) => {
        const found = new Map<string, { displayName: string; email: string }>();
        for (const member of staff)
          found.set(member.userId, await accountContact(tx, key, member.userId));
        return found;
      });
      return staff.map((member) => ({
        userId: member.userId,
        displayName: contacts.get(member.userId)?.displayName ?? '',
        email: contacts.get(member.userId)?.email ?? '',
        roles: member.roles,
        licence: member.licence ? licenceJson(member.licence) : null,
        lastAttestation: member.lastAttestation ? signatureJson(member.lastAttestation) : null,
        clearance: member.clearance,
      }));
    },
  );

  app.get(
    '/api/practices/:tenantId/staff/:userId/licence',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'A staff member’s licence (administrators, or the holder without the number)',
        params: StaffParams,
        response: { 200: LicenceAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId, userId } = request.params as StaffTarget;
      const callerRoles = await tenantTransaction(deps.db, tenantId, (tx) =>
        rolesInPractice(tx, tenantId, session.userId),
      );
      const admin = callerRoles.includes('practice_admin');
      if (!admin && (callerRoles.length === 0 || userId !== session.userId)) throw notFound();
      // Only administrators see the number's last 4: only for them is the key fetched.
      const key = admin ? await deps.keyring.dataKey(tenantScope(tenantId)) : undefined;
      const licence = await tenantTransaction(deps.db, tenantId, async (tx) => {
        const roles = await requirePracticeRole(tx, tenantId, session.userId);
        const stillAdmin = roles.includes('practice_admin');
        if (!stillAdmin && userId !== session.userId) throw notFound();
        await requirePracticeRole(tx, tenantId, userId);
        return findLicence(tx, tenantId, userId, stillAdmin ? key : undefined);
      });
      if (!licence) throw notFound('No licence is on file for this person.');
      return licenceJson(licence);
    },
  );

  app.put(
    '/api/practices/:tenantId/staff/:userId/licence',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'Record or replace a staff member’s licence (it becomes unverified)',
        params: StaffParams,
        body: LicenceBody,
        response: { 200: LicenceAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId, userId } = request.params as StaffTarget;
      const body = request.body as { number: string; issuingState: string; expiresOn: string };
      const key = await adminTenantKey(deps, tenantId, session.userId);
      const licence = await tenantTransaction(deps.db, tenantId, async (tx) => {
        await requirePracticeRole(tx, tenantId, session.userId, 'practice_admin');
        await requirePracticeRole(tx, tenantId, userId);
        return recordLicence(tx, key, { tenantId, userId, ...body, now: deps.now() });
      });
      return licenceJson(licence);
    },
  );

  app.post(
    '/api/practices/:tenantId/staff/:userId/licence/verification',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary:
          'Verify or reject a staff member’s licence (another administrator than the holder)',
        params: StaffParams,
        body: VerificationBody,
        response: { 200: LicenceAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId, userId } = request.params as StaffTarget;
      const { decision } = request.body as { decision: 'verified' | 'rejected' };
      const key = await adminTenantKey(deps, tenantId, session.userId);
      const licence = await tenantTransaction(deps.db, tenantId, async (tx) => {
        await requirePracticeRole(tx, tenantId, session.userId, 'practice_admin');
        await requirePracticeRole(tx, tenantId, userId);
        const now = deps.now();
        await decideLicence(tx, { tenantId, userId, decision, decidedBy: session.userId, now });
        await auditSecurityEvent(tx, {
          userId: session.userId,
          tenantId,
          subjectUserId: userId,
          action: 'role_change',
          outcome: 'success',
          reason: `licence_${decision}`,
          sourceAddress: request.ip,
        });
        return findLicence(tx, tenantId, userId, key);
      });
      if (!licence) throw notFound('No licence is on file for this person.');
      return licenceJson(licence);
    },
  );

  app.post(
    '/api/practices/:tenantId/staff/:userId/roles',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'Give an existing account a role in the practice',
        params: StaffParams,
        body: Type.Object({ role: RoleName }),
        response: { 200: RolesAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId, userId } = request.params as StaffTarget;
      const { role } = request.body as { role: StaffRole };
      // One account per person: roles go to an account that exists and is open. Accounts are
      // platform rows, so this look-up takes the system path; the answer for a missing account
      // is the same not-found a non-administrator gets.
      const account = await systemTransaction(deps.db, (tx) => findAccountById(tx, userId));
      if (!account || account.status !== 'active') throw notFound();
      const roles = await changeRole(
        session.userId,
        request.ip,
        { tenantId, userId, role },
        addRole,
        'role_added',
      );
      return { userId, roles };
    },
  );

  app.delete(
    '/api/practices/:tenantId/staff/:userId/roles/:role',
    {
      preValidation: signedInFirst,
      schema: {
        tags: ['staff'],
        summary: 'Take a role away (a practice keeps at least one administrator)',
        params: StaffRoleParams,
        response: { 200: RolesAnswer },
      },
    },
    async (request) => {
      const session = requireSignedIn(request);
      const { tenantId, userId, role } = request.params as StaffTarget & { role: StaffRole };
      const roles = await changeRole(
        session.userId,
        request.ip,
        { tenantId, userId, role },
        removeRole,
        'role_removed',
      );
      return { userId, roles };
    },
  );
}
