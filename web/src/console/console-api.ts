/**
 * The shapes the staff console reads from Haven, its API paths, and its query keys (all under
 * `['console', practice, ...]`, so signing out or switching practice drops them together).
 * Paths carry opaque ids only; search terms and filters travel as query parameters of API
 * calls, never in the page's own address.
 */

export const practicePath = (tenantId: string) => `/api/practices/${tenantId}`;
export const patientPath = (tenantId: string, patientId: string) =>
  `${practicePath(tenantId)}/patients/${patientId}`;

export const consoleKey = (tenantId: string, ...rest: unknown[]) => ['console', tenantId, ...rest];

/** Roles that may open a chart's clinical data (and break the glass). */
export const CLINICAL_ROLES = ['clinician', 'nurse'] as const;
/** Roles the server lets issue activation codes. */
export const ACTIVATION_ROLES = ['front_desk', 'practice_admin', 'nurse', 'clinician'] as const;
/** Roles that issue statements and see payments (the gate's coverage category). */
export const BILLING_ROLES = ['billing', 'front_desk'] as const;

export function holdsAny(roles: readonly string[], wanted: readonly string[]): boolean {
  return roles.some((role) => wanted.includes(role));
}

export interface Clearance {
  roles: string[];
  mfa: boolean;
  attested: boolean;
  attestationVersion: string;
  licence: 'not_required' | 'valid' | 'expired' | 'unverified' | 'rejected' | 'missing';
  patientData: boolean;
  clinicalAccess: boolean;
  reasons: string[];
}

export interface FoundPatient {
  id: string;
  name: string;
  birthDate?: string;
  gender?: string;
  mrn?: string;
}

export interface PatientSearchAnswer {
  patients: FoundPatient[];
  more: boolean;
}

export interface BreakGlassStatus {
  active: boolean;
  id?: string;
  reasonCode?: string;
  grantedAt?: string;
  expiresAt?: string;
  minutesLeft?: number;
}

export const BREAK_GLASS_REASONS = [
  'emergency_care',
  'urgent_consult',
  'patient_unreachable',
  'other',
] as const;
export type BreakGlassReason = (typeof BREAK_GLASS_REASONS)[number];

export interface ReviewItem {
  id: string;
  userId: string;
  userName: string;
  patientId: string;
  grantedAt: string;
  expiresAt: string;
  reasonCode: BreakGlassReason;
  reason: string;
  state: ReviewState;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}
export const REVIEW_STATES = ['pending', 'justified', 'not_justified'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export interface CareTeamMember {
  userId: string;
  kind: string;
  since: string;
  until: string | null;
}

export interface ActivationCode {
  code: string;
  expiresAt: string;
}
