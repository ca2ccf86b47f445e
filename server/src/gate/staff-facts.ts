/**
 * The facts a staff member's access is decided from, read in ONE statement on the record path
 * (every gated transaction reads them, so a role removed or a licence lapsed binds the next
 * request): roles, the current attestation, the licence, a strong second factor, and their
 * sensitive-label grants. The same facts `staffClearance` reads one by one for the staff pages;
 * `decideClearance` turns them into the same answer (a test holds the two paths equal).
 *
 * The columns are a fragment (`staffFactsColumns`) so a bearer token's look-up can read them in
 * its own statement (api-auth/api-tokens.ts): an API request then pays no round trip for them.
 */
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Tx } from '../db/transactions.js';
import type { StaffActor } from '../access/index.js';
import { CURRENT_ATTESTATION_VERSION } from '../identity/staff/attestation-text.js';
import { decideClearance, type StaffClearance } from '../identity/staff/clearance.js';
import { canonicalRoles } from '../identity/staff/practice-staff.js';
import type { LicenceVerification } from '../identity/staff/licences.js';

/** What the decision needs of a staff member, decided from their facts at one moment. */
export interface StaffFacts {
  clearance: StaffClearance;
  labels: string[];
}

/** The columns `staffFactsColumns` selects, as the driver returns them. */
export interface StaffFactsRow {
  staff_roles: string[] | null;
  staff_attested: boolean | null;
  staff_licence_verification: LicenceVerification | null;
  staff_licence_expires_on: string | null;
  staff_mfa: boolean | null;
  staff_labels: string[] | null;
}

/**
 * The select list of a staff member's facts, for the practice and user given as SQL (parameters,
 * or a column of the statement that embeds it).
 */
export function staffFactsColumns(
  tenantId: Expression<string>,
  userId: Expression<string | null>,
): RawBuilder<StaffFactsRow> {
  return sql<StaffFactsRow>`
    array(select role from practice_membership
          where tenant_id = ${tenantId} and user_id = ${userId}) as staff_roles,
    exists(select 1 from confidentiality_attestation
           where tenant_id = ${tenantId} and user_id = ${userId}
             and version = ${CURRENT_ATTESTATION_VERSION}) as staff_attested,
    (select verification from staff_licence
     where tenant_id = ${tenantId} and user_id = ${userId}) as staff_licence_verification,
    (select expires_on::text from staff_licence
     where tenant_id = ${tenantId} and user_id = ${userId}) as staff_licence_expires_on,
    (exists(select 1 from mfa_totp where user_id = ${userId} and state = 'active')
      or exists(select 1 from mfa_passkey where user_id = ${userId})) as staff_mfa,
    array(select label from staff_sensitive_access
          where tenant_id = ${tenantId} and user_id = ${userId} order by label) as staff_labels`;
}

/** The clearance and labels the row's facts give at `now`. */
export function staffFactsOfRow(row: StaffFactsRow, now: Date): StaffFacts {
  const licence =
    row.staff_licence_verification !== null && row.staff_licence_expires_on !== null
      ? { verification: row.staff_licence_verification, expiresOn: row.staff_licence_expires_on }
      : undefined;
  const clearance = decideClearance(
    {
      roles: canonicalRoles(row.staff_roles ?? []),
      mfa: row.staff_mfa === true,
      attested: row.staff_attested === true,
      licence,
    },
    now,
  );
  return { clearance, labels: row.staff_labels ?? [] };
}

/** Clearance and sensitive labels of `userId` in the practice, from one query in `tx`. */
export async function staffFacts(
  tx: Tx,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<StaffFacts> {
  const { rows } = await sql<StaffFactsRow>`
    select ${staffFactsColumns(sql.val(tenantId), sql.val(userId))}`.execute(tx);
  const row = rows[0];
  if (!row) throw new Error('the staff facts query returned no row');
  return staffFactsOfRow(row, now);
}

/** The decision's view of a staff member. */
export function staffActorOf(tenantId: string, userId: string, facts: StaffFacts): StaffActor {
  return {
    kind: 'staff',
    userId,
    tenantId,
    roles: facts.clearance.roles,
    clearance: {
      patientData: facts.clearance.patientData,
      clinicalAccess: facts.clearance.clinicalAccess,
    },
    sensitivePermission: facts.labels,
  };
}
