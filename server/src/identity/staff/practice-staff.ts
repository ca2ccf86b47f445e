/**
 * Who works for a practice and in which roles (practice_membership). One account per person; a
 * person may hold roles in several practices. Every function runs in a tenant transaction for
 * `tenantId` opened by the caller; the tenant filter is repeated in each query so the functions
 * stay right on the system path too.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/transactions.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { STAFF_ROLES, type StaffRole } from '../roles.js';

/** Whether `value` names a practice role. `platform_admin` is not one: it runs the platform. */
export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** Roles in the fixed order of STAFF_ROLES, unknown names dropped (they never grant anything). */
export function canonicalRoles(names: readonly string[]): StaffRole[] {
  return STAFF_ROLES.filter((role) => names.includes(role));
}

/** The roles `userId` holds in the practice; empty when they are not its staff. */
export async function rolesInPractice(
  tx: Tx,
  tenantId: string,
  userId: string,
): Promise<StaffRole[]> {
  const rows = await tx
    .selectFrom('practice_membership')
    .select('role')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
  return canonicalRoles(rows.map((r) => r.role));
}

/**
 * The caller's roles in the practice, or not-found when they are not its staff (or lack
 * `role`): a practice's staff resources are invisible to everyone else, so a 403 would only
 * confirm what they may not see.
 */
export async function requirePracticeRole(
  tx: Tx,
  tenantId: string,
  userId: string,
  role?: StaffRole,
): Promise<StaffRole[]> {
  const roles = await rolesInPractice(tx, tenantId, userId);
  if (roles.length === 0 || (role !== undefined && !roles.includes(role))) throw notFound();
  return roles;
}

/** Every staff member of the practice and their roles, by user id (ordered by id). */
export async function practiceStaff(tx: Tx, tenantId: string): Promise<Map<string, StaffRole[]>> {
  const rows = await tx
    .selectFrom('practice_membership')
    .select(['user_id', 'role'])
    .where('tenant_id', '=', tenantId)
    .orderBy('user_id')
    .execute();
  const names = new Map<string, string[]>();
  for (const row of rows) names.set(row.user_id, [...(names.get(row.user_id) ?? []), row.role]);
  const staff = new Map<string, StaffRole[]>();
  for (const [userId, roles] of names) {
    const known = canonicalRoles(roles);
    if (known.length > 0) staff.set(userId, known);
  }
  return staff;
}

/** A role change for a person in a practice. */
export interface RoleChange {
  tenantId: string;
  userId: string;
  role: StaffRole;
}

/**
 * Gives an existing account a role in the practice (the caller checked the account exists and
 * is open). Giving a role already held changes nothing. Returns the person's roles after.
 */
export async function addRole(tx: Tx, change: RoleChange): Promise<StaffRole[]> {
  assertStaffRole(change.role);
  await tx
    .insertInto('practice_membership')
    .values({ tenant_id: change.tenantId, user_id: change.userId, role: change.role })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id', 'role']).doNothing())
    .execute();
  return rolesInPractice(tx, change.tenantId, change.userId);
}

/**
 * Takes a role away. Not-found if the person does not hold it; a conflict if it is the
 * practice's last administrator role, since nobody could then manage its staff (this is how an
 * administrator is stopped from removing their own last admin role). Returns the roles after.
 */
export async function removeRole(tx: Tx, change: RoleChange): Promise<StaffRole[]> {
  assertStaffRole(change.role);
  if (change.role === 'practice_admin') {
    // Two administrators removing each other at once would each still see the other; holding
    // a per-practice lock until commit makes the count and the delete one step.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`haven.practice_admins:${change.tenantId}`}, 0))`.execute(
      tx,
    );
  }
  const removed = await tx
    .deleteFrom('practice_membership')
    .where('tenant_id', '=', change.tenantId)
    .where('user_id', '=', change.userId)
    .where('role', '=', change.role)
    .executeTakeFirst();
  if (removed.numDeletedRows === 0n) throw notFound('This person does not hold that role here.');
  if (change.role === 'practice_admin') {
    const left = await tx
      .selectFrom('practice_membership')
      .select('user_id')
      .where('tenant_id', '=', change.tenantId)
      .where('role', '=', 'practice_admin')
      .executeTakeFirst();
    if (!left) {
      throw new AppError(
        'conflict',
        'A practice needs at least one administrator: make someone else an administrator first.',
      );
    }
  }
  return rolesInPractice(tx, change.tenantId, change.userId);
}

function assertStaffRole(role: string): void {
  if (!isStaffRole(role)) {
    throw new AppError('validation_failed', 'This is not a practice role.', [
      { location: 'role', message: `must be one of ${STAFF_ROLES.join(', ')}` },
    ]);
  }
}
