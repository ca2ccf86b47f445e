/**
 * Creating staff accounts and their practice roles, on the system path (used by the demo seed
 * and, later, by practice administration behind its own access checks).
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/transactions.js';
import type { StaffRole } from './roles.js';
import { emailIndex, sealAccountField } from './account-sealing.js';

export interface NewStaffAccount {
  id?: string;
  email: string;
  displayName: string;
  passwordHash: string;
  tenantId: string;
  roles: readonly StaffRole[];
}

/** Inserts the account and its memberships; returns the account id. */
export async function systemCreateStaffAccount(
  tx: Tx,
  platformKey: Buffer,
  account: NewStaffAccount,
): Promise<string> {
  const id = account.id ?? randomUUID();
  await tx
    .insertInto('app_user')
    .values({
      id,
      email_index: emailIndex(platformKey, account.email),
      email_sealed: sealAccountField(platformKey, id, 'email', account.email),
      name_sealed: sealAccountField(platformKey, id, 'name', account.displayName),
      password_hash: account.passwordHash,
    })
    .execute();
  if (account.roles.length > 0) {
    await tx
      .insertInto('practice_membership')
      .values(account.roles.map((role) => ({ tenant_id: account.tenantId, user_id: id, role })))
      .execute();
  }
  return id;
}
