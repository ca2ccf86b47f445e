// The public face of staff credentials and clearance (SEC-7, USE-10, DATA-15). Import from here,
// not from the files. Features that touch patient data call assertPatientDataClearance (or
// assertClinicalClearance for clinical work) inside their tenant transaction, before the access.
export {
  ATTESTATION_TEXT,
  CURRENT_ATTESTATION_VERSION,
  type AttestationLocale,
  type AttestationText,
} from './attestation-text.js';
export {
  attestationHistory,
  signAttestation,
  signatureOf,
  type AttestationInput,
  type AttestationSignature,
} from './attestation.js';
export {
  CLEARANCE_REASONS,
  assertClinicalClearance,
  assertPatientDataClearance,
  decideClearance,
  staffClearance,
  type ClearanceFacts,
  type ClearanceInput,
  type ClearanceLicence,
  type ClearanceReason,
  type StaffClearance,
} from './clearance.js';
export {
  decideLicence,
  findLicence,
  licenceState,
  recordLicence,
  type LicenceDecision,
  type LicenceInput,
  type LicenceState,
  type LicenceVerification,
  type StaffLicence,
} from './licences.js';
export {
  addRole,
  isStaffRole,
  removeRole,
  requirePracticeRole,
  rolesInPractice,
  type RoleChange,
} from './practice-staff.js';
export { listStaff, type StaffMember } from './staff-list.js';
export { registerStaffRoutes } from './staff-routes.js';
