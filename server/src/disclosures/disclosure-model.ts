/**
 * What a disclosure is (HIPAA 164.528): when, to whom, what, why, and on what legal basis. The
 * purposes, their plain-English labels for patients, and the HL7 v3 PurposeOfUse code each one
 * is audited under.
 */

/** Why information left the practice. Stable codes: the table checks the same list. */
export const DISCLOSURE_PURPOSES = [
  'treatment',
  'payment',
  'operations',
  'patient_request',
  // A subpoena, court order or warrant (SHARE-5).
  'legal',
  // Reports to public health authorities and of abuse or neglect (SHARE-6).
  'public_health',
  'abuse_report',
  // Disclosures made in an emergency (SHARE-7).
  'emergency',
  'research',
  'other',
] as const;
export type DisclosurePurpose = (typeof DISCLOSURE_PURPOSES)[number];

/**
 * Purposes that only stand on a legal authority (the subpoena, the reporting statute): the
 * record is incomplete without it, so it is required.
 */
export const PURPOSES_NEEDING_LEGAL_BASIS: ReadonlySet<DisclosurePurpose> = new Set([
  'legal',
  'public_health',
  'abuse_report',
]);

/** What a patient reads for each purpose. */
export const PURPOSE_LABELS: Record<DisclosurePurpose, string> = {
  treatment: 'For your care by another provider',
  payment: 'To get paid for your care',
  operations: 'To run the practice (such as quality reviews)',
  patient_request: 'Because you asked us to',
  legal: 'Required by law (a subpoena, court order or warrant)',
  public_health: 'Reported to a public health authority',
  abuse_report: 'A report of suspected abuse or neglect',
  emergency: 'In an emergency',
  research: 'For research',
  other: 'Other reason',
};

/**
 * The HL7 v3 PurposeOfUse code of the audit entry for each purpose. Abuse reports and "other"
 * have no code of their own in that value set and fall back to operations (HOPERAT); the
 * disclosure row keeps the exact purpose.
 */
export const PURPOSE_OF_USE: Record<DisclosurePurpose, string> = {
  treatment: 'TREAT',
  payment: 'HPAYMT',
  operations: 'HOPERAT',
  patient_request: 'PATRQT',
  legal: 'HLEGAL',
  public_health: 'PUBHLTH',
  abuse_report: 'HOPERAT',
  emergency: 'ETREAT',
  research: 'HRESCH',
  other: 'HOPERAT',
};

/** Who received the information. */
export interface DisclosureRecipient {
  name: string;
  organisation?: string;
  address?: string;
}

/** What a caller records. `now` is the caller's clock (the request time). */
export interface DisclosureInput {
  tenantId: string;
  patientId: string;
  /** The user recording it (staff, or the person running an export or legal workflow). */
  recordedBy: string;
  disclosedAt: Date;
  recipient: DisclosureRecipient;
  description: string;
  purpose: DisclosurePurpose;
  legalBasis?: string;
  now: Date;
  /** For the audit entry. */
  sourceAddress?: string;
  requestId?: string;
}

/** A stored disclosure, unsealed. */
export interface Disclosure {
  id: string;
  patientId: string;
  disclosedAt: Date;
  recordedAt: Date;
  recordedBy: string;
  purpose: DisclosurePurpose;
  recipient: DisclosureRecipient;
  description: string;
  legalBasis: string | null;
}

/** The sealed part of a row: everything that could name a person or a condition. */
export interface SealedDisclosure {
  recipient: DisclosureRecipient;
  description: string;
  legalBasis?: string;
}

/** How far back an accounting reaches (164.528(a)(1)). */
export const REPORT_YEARS = 6;

/**
 * The earliest start a report may have: midnight UTC of the day six years before `now`. Taking
 * the whole day keeps a client that asks for "exactly six years" from being refused because its
 * clock and ours disagree by a second.
 */
export function earliestReportStart(now: Date): Date {
  return new Date(
    Date.UTC(now.getUTCFullYear() - REPORT_YEARS, now.getUTCMonth(), now.getUTCDate()),
  );
}

/** Allowed lead of a disclosure time over ours (a client's clock running a little fast). */
export const CLOCK_SKEW_MS = 60_000;
