/**
 * Accounts: one per person, across practices (ONC (d)(1) unique user identity). The email and
 * name are sealed with the platform key; the email is found by its blind index. Account rows
 * are platform data, reached on the system path by the identity services only.
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/transactions.js';
import { AppError } from '../../errors/app-error.js';
import { emailIndex, sealAccountField, unsealAccountField } from '../account-sealing.js';
import { decrypt, encrypt, recordAad } from '../../crypto/index.js';

export interface Account {
  id: string;
  passwordHash: string | null;
  status: 'active' | 'closed';
  locale: 'en' | 'es';
  mfaEmailEnabled: boolean;
}

export async function findAccountByEmail(
  tx: Tx,
  platformKey: Buffer,
  email: string,
): Promise<Account | undefined> {
  return findAccount(tx, 'email_index', emailIndex(platformKey, email));
}

export async function findAccountById(tx: Tx, userId: string): Promise<Account | undefined> {
  return findAccount(tx, 'id', userId);
}

async function findAccount(
  tx: Tx,
  column: 'id' | 'email_index',
  value: string,
): Promise<Account | undefined> {
  const row = await tx
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'status', 'locale', 'mfa_email_enabled'])
    .where(column, '=', value)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        passwordHash: row.password_hash,
        status: row.status,
        locale: row.locale,
        mfaEmailEnabled: row.mfa_email_enabled,
      }
    : undefined;
}

export interface NewAccount {
  email: string;
  displayName: string;
  passwordHash: string;
  dateOfBirth?: string;
  locale?: 'en' | 'es';
}

function dobAad(userId: string): Buffer {
  return recordAad({
    tenantId: 'platform',
    resourceType: 'AppUser.birthDate',
    id: userId,
    version: 1,
  });
}

/** Creates an account; an email already in use is a conflict and nothing is written. */
export async function createAccount(
  tx: Tx,
  platformKey: Buffer,
  input: NewAccount,
): Promise<string> {
  const index = emailIndex(platformKey, input.email);
  const taken = await tx
    .selectFrom('app_user')
    .select('id')
    .where('email_index', '=', index)
    .executeTakeFirst();
  if (taken) {
    throw new AppError(
      'conflict',
      'An account with this email exists already. Sign in to continue.',
      [{ location: 'email', message: 'is already in use' }],
    );
  }
  const id = randomUUID();
  await tx
    .insertInto('app_user')
    .values({
      id,
      email_index: index,
      email_sealed: sealAccountField(platformKey, id, 'email', input.email.trim()),
      name_sealed: sealAccountField(platformKey, id, 'name', input.displayName),
      password_hash: input.passwordHash,
      password_changed_at: new Date(),
      date_of_birth_sealed: input.dateOfBirth
        ? encrypt(platformKey, Buffer.from(input.dateOfBirth), dobAad(id))
        : null,
      ...(input.locale ? { locale: input.locale } : {}),
    })
    .execute();
  return id;
}

/** The account's email and name, for emails and the account page. */
export async function accountContact(
  tx: Tx,
  platformKey: Buffer,
  userId: string,
): Promise<{ email: string; displayName: string; dateOfBirth?: string }> {
  const row = await tx
    .selectFrom('app_user')
    .select(['email_sealed', 'name_sealed', 'date_of_birth_sealed'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    email: unsealAccountField(platformKey, userId, 'email', row.email_sealed),
    displayName: unsealAccountField(platformKey, userId, 'name', row.name_sealed),
    ...(row.date_of_birth_sealed
      ? { dateOfBirth: decrypt(platformKey, row.date_of_birth_sealed, dobAad(userId)).toString() }
      : {}),
  };
}

export async function setPasswordHash(
  tx: Tx,
  userId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await tx
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: now })
    .where('id', '=', userId)
    .execute();
}

export interface Membership {
  tenantId: string;
  role: string;
}

/** The practices and roles a person holds (read across tenants: a system-path look-up). */
export async function membershipsOf(tx: Tx, userId: string): Promise<Membership[]> {
  const rows = await tx
    .selectFrom('practice_membership')
    .select(['tenant_id', 'role'])
    .where('user_id', '=', userId)
    .orderBy('tenant_id')
    .orderBy('role')
    .execute();
  return rows.map((r) => ({ tenantId: r.tenant_id, role: r.role }));
}
