/**
 * The facts a staff member's access is decided from, read in ONE statement on the record path
 * (every gated transaction reads them, so a role removed or a licence lapsed binds the next
 * request): roles, the current attestation, the licence, a strong second factor, and their
 * sensitive-label grants. The same facts `staffClearance` reads one by one for the staff pages;
 * `decideClearance` turns them into the same answer (a test holds the two paths equal).
 */
import { sql } from 'kysely';
import type { Tx } from '../db/transactions.js';
import type { StaffActor } from '../access/index.js';
import { CURRENT_ATTESTATION_VERSION } from '../identity/staff/attestation-text.js';
import { decideClearance, type StaffClearance } from '../identity/staff/clearance.js';
import { canonicalRoles } from '../identity/staff/practice-staff.js';
import type { LicenceVerification } from '../identity/staff/licences.js';

interface FactsRow {
  roles: string[] | null;
  attested: boolean;
  verification: LicenceVerification | null;
  expires_on: string | null;
  mfa: boolean;
  labels: string[] | null;
}

/** Clearance and sensitive labels of `userId` in the practice, from one query in `tx`. */
export async function staffFacts(
  tx: Tx,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<{ clearance: StaffClearance; labels: string[] }> {
  const { rows } = await sql<FactsRow>`
    select
      array(select role from practice_membership
            where tenant_id = ${tenantId} and user_id = ${userId}) as roles,
      exists(select 1 from confidentiality_attestation
             where tenant_id = ${tenantId} and user_id = ${userId}
               and version = ${CURRENT_ATTESTATION_VERSION}) as attested,
      l.verification, l.expires_on::text as expires_on,
      (exists(select 1 from mfa_totp where user_id = ${userId} and state = 'active')
        or exists(select 1 from mfa_passkey where user_id = ${userId})) as mfa,
      array(select label from staff_sensitive_access
            where tenant_id = ${tenantId} and user_id = ${userId} order by label) as labels
    from (select 1) as one
    left join staff_licence l on l.tenant_id = ${tenantId} and l.user_id = ${userId}
  `.execute(tx);
  const row = rows[0];
  if (!row) throw new Error('the staff facts query returned no row');
  const licence =
    row.verification !== null && row.expires_on !== null
      ? { verification: row.verification, expiresOn: row.expires_on }
      : undefined;
  const clearance = decideClearance(
    { roles: canonicalRoles(row.roles ?? []), mfa: row.mfa, attested: row.attested, licence },
    now,
  );
  return { clearance, labels: row.labels ?? [] };
}

/** The decision's view of a staff member. */
export function staffActorOf(
  tenantId: string,
  userId: string,
  facts: { clearance: StaffClearance; labels: string[] },
): StaffActor {
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
