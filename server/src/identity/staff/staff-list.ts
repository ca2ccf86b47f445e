/**
 * The practice's staff as its administrators see them, and as the access review will: each
 * person's roles, licence, confidentiality agreement and resulting clearance. Runs in a tenant
 * transaction for `tenantId` opened by the caller, who checked the reader is an administrator.
 */
import type { Tx } from '../../db/transactions.js';
import { hasStrongMfa } from '../mfa/index.js';
import type { StaffRole } from '../roles.js';
import { CURRENT_ATTESTATION_VERSION } from './attestation-text.js';
import { practiceAttestations, type AttestationSignature } from './attestation.js';
import { decideClearance, type StaffClearance } from './clearance.js';
import { practiceLicences, type StaffLicence } from './licences.js';
import { practiceStaff } from './practice-staff.js';

/** One staff member in the list. */
export interface StaffMember {
  userId: string;
  roles: StaffRole[];
  licence: StaffLicence | null;
  /** Their latest signature of the agreement, whichever version. */
  lastAttestation: AttestationSignature | null;
  clearance: StaffClearance;
}

/** Every staff member of the practice, ordered by user id. */
export async function listStaff(tx: Tx, tenantId: string, now: Date): Promise<StaffMember[]> {
  const staff = await practiceStaff(tx, tenantId);
  const userIds = [...staff.keys()];
  const licences = await practiceLicences(tx, tenantId, userIds);
  const attestations = await practiceAttestations(tx, tenantId);
  const members: StaffMember[] = [];
  for (const [userId, roles] of staff) {
    const signatures = attestations.get(userId) ?? [];
    const licence = licences.get(userId);
    // One account at a time: hasStrongMfa is the single definition of a strong factor.
    const mfa = await hasStrongMfa(tx, userId);
    const attested = signatures.some((s) => s.version === CURRENT_ATTESTATION_VERSION);
    members.push({
      userId,
      roles,
      licence: licence ?? null,
      lastAttestation: signatures[0] ?? null,
      clearance: decideClearance({ roles, mfa, attested, licence }, now),
    });
  }
  return members;
}
