/**
 * The vocabulary of the access decision (ACC-1): who asks, to do what, to which data, in which
 * circumstances, and the answer. Pure types and constants, no I/O, so the decision can be
 * tested exhaustively and called from any repository.
 */
import type { StaffRole } from '../identity/roles.js';
import type { ProxyScope } from '../identity/proxies/proxy-model.js';

/** What an actor wants to do; the same verbs as the audit log's access actions. */
export const ACCESS_ACTIONS = ['read', 'search', 'create', 'update', 'delete', 'export'] as const;
/** One access action. */
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/**
 * Every reason a decision can give. Stable strings: the audit log stores them (they match its
 * reason-code pattern) and the access review groups by them, so never rename one.
 */
export const REASON_CODES = [
  'allowed_care_team',
  'allowed_own_record',
  'allowed_proxy',
  'allowed_break_glass',
  'allowed_consent',
  'allowed_role',
  'allowed_client',
  'allowed_directory',
  'system_job',
  'denied_other_tenant',
  'denied_no_role_permission',
  'denied_no_care_relationship',
  'denied_not_cleared',
  'denied_not_clinical',
  'denied_sensitive',
  'denied_restricted',
  'denied_proxy_scope',
  'denied_teen_confidential',
  'denied_no_consent',
  'denied_consent_revoked',
  'denied_release_delayed',
  'denied_break_glass_expired',
  'denied_research_identifiable',
  'denied_other_patient',
  'denied_action_not_permitted',
  'denied_unknown_resource_type',
  'denied_unnamed_job',
  'denied_unknown_actor',
] as const;
/** A stable reason for a decision. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** HL7 v3 PurposeOfUse codes a decision can carry into the audit entry. */
export type PurposeOfUse =
  'TREAT' | 'ETREAT' | 'HPAYMT' | 'HOPERAT' | 'PATRQT' | 'HRESCH' | 'SYSADMIN';

/** A staff member of the practice, with their clearance (identity/staff/clearance.ts). */
export interface StaffActor {
  kind: 'staff';
  userId: string;
  tenantId: string;
  roles: readonly StaffRole[];
  clearance: { patientData: boolean; clinicalAccess: boolean };
  /** Sensitivity labels (v3 ActCode) this person may see, e.g. PSY for a psychiatrist. */
  sensitivePermission: readonly string[];
}

/** A patient signed in to their own record. */
export interface PatientActor {
  kind: 'patient';
  userId: string;
  tenantId: string;
  patientId: string;
}

/** A proxy with their effective access (identity/proxies/proxy-access.ts) to one patient. */
export interface ProxyActor {
  kind: 'proxy';
  userId: string;
  tenantId: string;
  patientId: string;
  scopes: readonly ProxyScope[];
  excludedCategories: readonly string[];
  /** A guardian of a child under 13 (EffectiveProxyAccess.speaksForPatient). */
  speaksForPatient?: true;
}

/** A provider outside the practice, reaching data only through the patient's consent. */
export interface ExternalProviderActor {
  kind: 'external_provider';
  userId: string;
  tenantId: string;
  /** The identity a `share_with_provider` consent names as its grantee. */
  grantee: string;
}

/** A researcher: never reaches an identifiable record through this path (SHARE-8). */
export interface ResearcherActor {
  kind: 'researcher';
  userId: string;
  tenantId: string;
}

/**
 * A registered system client of the practice (an integration using OAuth client credentials):
 * its token's SMART scopes bound which types and interactions it may use, checked before the
 * gate; the gate adds what scopes cannot say (no sensitive labels, no deletes, restrictions).
 */
export interface ClientActor {
  kind: 'client';
  clientId: string;
  tenantId: string;
}

/** A background job, named so that it is found in review and in the audit log. */
export interface SystemActor {
  kind: 'system';
  job: string;
}

/** Whoever asks. */
export type Actor =
  | StaffActor
  | PatientActor
  | ProxyActor
  | ExternalProviderActor
  | ResearcherActor
  | ClientActor
  | SystemActor;

/** A patient's consent as the decision sees it (FHIR Consent, already read for this patient). */
export interface ConsentFact {
  kind: 'share_with_provider' | 'research' | 'pharmacy' | 'recording';
  grantee?: string;
  status: 'active' | 'revoked';
  period?: { start?: Date; end?: Date };
}

/** A patient's restriction request (RIGHT-6); only a `granted` one binds. */
export interface RestrictionFact {
  status: 'granted' | 'requested' | 'denied';
  appliesToUserId?: string;
  appliesToRole?: StaffRole;
  /** Sensitivity labels or resource categories the restriction covers. */
  categories?: readonly string[];
  resourceTypes?: readonly string[];
}

/** A break-the-glass grant (ACC-5): reason required, time-limited. */
export interface BreakGlassGrant {
  grantedAt: Date;
  expiresAt: Date;
  reason: string;
}

/** The data asked for. */
export interface AccessTarget {
  tenantId: string;
  /** The patient whose compartment holds the data; null for data about no one patient. */
  patientId: string | null;
  /** The FHIR resource type. */
  resourceType: string;
  /** v3 ActCode sensitivity labels from meta.security (PSY, SEX, ETH, HIV, GDIS, BH...). */
  sensitivity: readonly string[];
  /**
   * When the patient chose to see this kind of result only after a delay (their own choice,
   * never a blanket one): until then it is closed to the patient and their proxies, not staff.
   */
  releaseAt?: Date;
  /**
   * The write changes only the patient's own contact details, through the self-service
   * workflow (USE-2), which builds the new version from the stored one field by field. Only
   * that workflow sets it; the FHIR API never does, so a patient's token cannot rewrite their
   * Patient resource (name, birth date, identifiers stay the practice's to change).
   */
  ownDetailsUpdate?: true;
  /**
   * The write is made by the change-request workflow (change-requests/): a patient filing or
   * withdrawing their request to change their name, birth date or gender, or staff answering
   * it. The workflow builds each Task field by field; Tasks are written no other way (not
   * through the FHIR API, by no role), so a Task in a record is always such a request.
   */
  changeRequest?: true;
  /**
   * The write is a patient's answers filed by the questionnaire workflow (questionnaires/),
   * which builds the QuestionnaireResponse from the stored questionnaire and checked answers.
   * A patient (or proxy) creates what they author only this way: a response made up through
   * the FHIR API (other questions, someone else named as author) is refused.
   */
  patientWorkflow?: true;
  /**
   * The write is made by the messaging workflow (messaging/), which builds each Communication
   * field by field and names its writer. Communications are written no other way, by no role:
   * otherwise a clinician's FHIR client could file words in a patient's name, or change them.
   */
  messagingWorkflow?: true;
  /**
   * The write is made by the billing workflow (billing/): staff issuing or cancelling a
   * statement, which it builds line by line with its totals, or a payment marking one paid.
   * Invoices are written no other way, so a statement's amounts are always the ones its lines
   * add up to, and a patient paying changes nothing but its status.
   */
  billingWorkflow?: true;
}

/** The circumstances, gathered by the caller in the same transaction as the access. */
export interface AccessContext {
  now: Date;
  /** Care team, appointment or encounter with the target's patient. */
  careRelationship: boolean;
  breakGlass?: BreakGlassGrant;
  consents: readonly ConsentFact[];
  restrictions: readonly RestrictionFact[];
}

/** One question for the access decision. */
export interface AccessRequest {
  actor: Actor;
  action: AccessAction;
  target: AccessTarget;
  context: AccessContext;
}

/** The top-level fields of a resource an administrative role may see (ACC-2). */
export interface FieldMask {
  resourceType: string;
  allow: readonly string[];
}

/** The answer, with what the audit entry needs. */
export interface AccessDecision {
  allowed: boolean;
  reason: ReasonCode;
  breakGlass: boolean;
  purposeOfUse: PurposeOfUse | null;
  /** When present, only these fields may be shown (applyFieldMask). */
  fields?: FieldMask;
}
