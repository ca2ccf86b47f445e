/**
 * The roles a staff member can hold in a practice (tenant). A person may hold different roles in
 * different practices. `platform_admin` runs the platform and is never granted patient data.
 */
export const STAFF_ROLES = [
  'clinician',
  'nurse',
  'front_desk',
  'billing',
  'practice_admin',
  'privacy_officer',
  'researcher',
] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

/** Roles whose work is clinical and so depends on a verified, unexpired licence (USE-10). */
export const CLINICAL_ROLES: readonly StaffRole[] = ['clinician', 'nurse'];

export const PLATFORM_ADMIN_ROLE = 'platform_admin' as const;
