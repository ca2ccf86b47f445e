/**
 * Haven's deterministic demo-data generator: one practice, its staff, and patients with
 * FHIR R4 records, all derived from a seed.
 */
export { generateDemoPractice, HISTORY_YEARS } from './practice.js';
export { STAFF_EMAIL_DOMAIN } from './staff.js';
export { Rng } from './prng.js';
export type { DemoOptions, DemoPatient, DemoPractice, DemoStaffMember } from './types.js';
