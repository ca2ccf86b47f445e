/**
 * Helpers for this folder's database tests: accounts, dates of birth for a given age, and a
 * tenant transaction shorthand. Test-only; nothing in the service imports it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { HavenDatabase } from '../../db/database.js';
import { systemTransaction, tenantTransaction, type Tx } from '../../db/transactions.js';
import type { StaffRole } from '../roles.js';
import { systemCreateStaffAccount } from '../staff-accounts.js';

const PLATFORM_KEY = randomBytes(32);

/** "Now" in these tests: mid-June, so a date of birth in January has had its birthday. */
export const NOW = new Date('2026-06-15T12:00:00Z');

/** A date of birth that makes someone exactly `years` old at NOW (birthday in January). */
export function bornYearsAgo(years: number): string {
  return `${NOW.getUTCFullYear() - years}-01-10`;
}

/** Days after `date`, as a new Date. */
export function daysAfter(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/** Creates an account (a staff member when `roles` is not empty) and returns its id. */
export function createAccount(
  db: HavenDatabase,
  tenantId: string,
  roles: readonly StaffRole[] = [],
): Promise<string> {
  return systemTransaction(db, (tx) =>
    systemCreateStaffAccount(tx, PLATFORM_KEY, {
      email: `${randomUUID()}@example.test`,
      displayName: 'Test Person',
      passwordHash: 'not-a-real-hash',
      tenantId,
      roles,
    }),
  );
}

/** Runs `work` in a tenant transaction for `tenantId`. */
export function inTenant<T>(
  db: HavenDatabase,
  tenantId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return tenantTransaction(db, tenantId, work);
}
