/**
 * How Haven writes consents and restriction requests as FHIR R4 Consent resources (SHARE-2,
 * SHARE-8, RIGHT-6). Pure: builds resources, no I/O.
 *
 * Coding, so that any FHIR reader can tell the kinds apart:
 * - The kind is a `category` coding in Haven's CodeSystem CONSENT_KIND_SYSTEM: one of
 *   CONSENT_KINDS for a permission, or `restriction` for a restriction request.
 * - A permission has `provision.type = permit`, `provision.purpose` a v3 PurposeOfUse code, and
 *   for `share_with_provider` one `provision.actor` (role IRCP, information recipient) whose
 *   reference carries the grantee as an identifier in GRANTEE_SYSTEM and the provider's name as
 *   `display`. Status: `active`, then `inactive` once revoked (a new version; history stays).
 * - A restriction has `provision.type = deny`; sensitivity codes go in `provision.securityLabel`
 *   (v3 ActCode), Haven resource categories in `provision.code`, FHIR resource types in
 *   `provision.class`, and the user or staff role it binds in `provision.actor` (identifiers in
 *   USER_SYSTEM / STAFF_ROLE_SYSTEM). Status: `proposed` (requested), `active` (granted),
 *   `rejected` (denied). The patient's reason and the practice's decision are extensions.
 *
 * Everything here is sealed with the patient's key: only resource type, ids and times are in
 * clear, so nothing stored in clear names the grantee or what is restricted.
 */
import type { Coding, Consent, ConsentProvisionActor, Extension } from '@medplum/fhirtypes';
import type { StaffRole } from '../identity/roles.js';

export const CONSENT_KIND_SYSTEM = 'https://haven.example/fhir/CodeSystem/consent-kind';
export const GRANTEE_SYSTEM = 'https://haven.example/fhir/NamingSystem/outside-provider';
export const USER_SYSTEM = 'https://haven.example/fhir/NamingSystem/user';
export const STAFF_ROLE_SYSTEM = 'https://haven.example/fhir/CodeSystem/staff-role';
export const RESOURCE_CATEGORY_SYSTEM = 'https://haven.example/fhir/CodeSystem/resource-category';
export const REASON_EXTENSION = 'https://haven.example/fhir/StructureDefinition/restriction-reason';
export const DECISION_EXTENSION =
  'https://haven.example/fhir/StructureDefinition/restriction-decision';
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const RESOURCE_TYPE_SYSTEM = 'http://hl7.org/fhir/resource-types';
const SCOPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/consentscope';
const PURPOSE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const PARTICIPATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** What a patient can permit. */
export const CONSENT_KINDS = ['share_with_provider', 'research', 'pharmacy', 'recording'] as const;
/** One kind of permission. */
export type ConsentKind = (typeof CONSENT_KINDS)[number];

/** What each kind means, in the words the patient's page shows. */
export const CONSENT_KIND_MEANINGS: Record<ConsentKind, string> = {
  share_with_provider:
    'A doctor or clinic outside this practice, whom you name, may see your record to care for you.',
  research:
    'Your data may be used for approved research, with your name and other identifying details removed.',
  pharmacy: 'Your prescriptions may be sent to a pharmacy electronically.',
  recording: 'Your visits may be recorded (audio) to help write the visit notes.',
};

const KIND_CODING: Record<ConsentKind, { scope: string; purpose: string }> = {
  share_with_provider: { scope: 'patient-privacy', purpose: 'TREAT' },
  research: { scope: 'research', purpose: 'HRESCH' },
  pharmacy: { scope: 'patient-privacy', purpose: 'TREAT' },
  recording: { scope: 'treatment', purpose: 'TREAT' },
};

/** Sensitivity codes (v3 ActCode) a restriction may name, as on records' meta.security. */
export const SENSITIVITY_CODES = ['PSY', 'ETH', 'SEX', 'HIV', 'GDIS', 'BH', 'SDV', 'STD'] as const;

/** An outside provider a consent names. */
export interface Grantee {
  /** The opaque identifier an external provider's account carries (ExternalProviderActor). */
  id: string;
  name: string;
}

/** A new permission. */
export interface ConsentInput {
  id: string;
  patientId: string;
  kind: ConsentKind;
  grantee?: Grantee;
  period?: { start?: Date; end?: Date };
  now: Date;
}

/** A new restriction request. */
export interface RestrictionInput {
  id: string;
  patientId: string;
  categories: readonly string[];
  resourceTypes: readonly string[];
  appliesToUserId?: string;
  appliesToRole?: StaffRole;
  reason?: string;
  now: Date;
}

/** The practice's answer to a restriction request. */
export interface RestrictionDecision {
  decision: 'granted' | 'denied';
  reason?: string;
  decidedBy: string;
  at: Date;
}

const recipient = (system: string, value: string, display?: string): ConsentProvisionActor => ({
  role: { coding: [{ system: PARTICIPATION_SYSTEM, code: 'IRCP' }] },
  reference: { identifier: { system, value }, ...(display ? { display } : {}) },
});

function base(id: string, patientId: string, code: string, scope: string, now: Date): Consent {
  return {
    resourceType: 'Consent',
    id,
    status: 'active',
    scope: { coding: [{ system: SCOPE_SYSTEM, code: scope }] },
    category: [{ coding: [{ system: CONSENT_KIND_SYSTEM, code }] }],
    patient: { reference: `Patient/${patientId}` },
    performer: [{ reference: `Patient/${patientId}` }],
    dateTime: now.toISOString(),
  };
}

/** A permission as a FHIR Consent, status `active`. */
export function buildConsent(input: ConsentInput): Consent {
  const coding = KIND_CODING[input.kind];
  const { start, end } = input.period ?? {};
  return {
    ...base(input.id, input.patientId, input.kind, coding.scope, input.now),
    policyRule: { coding: [{ system: ACT_CODE_SYSTEM, code: 'OPTIN' }] },
    provision: {
      type: 'permit',
      ...(start || end
        ? {
            period: {
              ...(start ? { start: start.toISOString() } : {}),
              ...(end ? { end: end.toISOString() } : {}),
            },
          }
        : {}),
      ...(input.grantee
        ? { actor: [recipient(GRANTEE_SYSTEM, input.grantee.id, input.grantee.name)] }
        : {}),
      purpose: [{ system: PURPOSE_SYSTEM, code: coding.purpose }],
    },
  };
}

/** A restriction request as a FHIR Consent, status `proposed`. */
export function buildRestriction(input: RestrictionInput): Consent {
  const actor = [
    ...(input.appliesToUserId ? [recipient(USER_SYSTEM, input.appliesToUserId)] : []),
    ...(input.appliesToRole ? [recipient(STAFF_ROLE_SYSTEM, input.appliesToRole)] : []),
  ];
  const codes = (system: string, values: readonly string[]): Coding[] =>
    values.map((code) => ({ system, code }));
  return {
    ...base(input.id, input.patientId, 'restriction', 'patient-privacy', input.now),
    status: 'proposed',
    ...(input.reason ? { extension: [{ url: REASON_EXTENSION, valueString: input.reason }] } : {}),
    policyRule: { coding: [{ system: ACT_CODE_SYSTEM, code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      ...(actor.length > 0 ? { actor } : {}),
      ...(input.categories.some(isSensitivity)
        ? { securityLabel: codes(ACT_CODE_SYSTEM, input.categories.filter(isSensitivity)) }
        : {}),
      ...(input.categories.some((c) => !isSensitivity(c))
        ? {
            code: codes(
              RESOURCE_CATEGORY_SYSTEM,
              input.categories.filter((c) => !isSensitivity(c)),
            ).map((coding) => ({ coding: [coding] })),
          }
        : {}),
      ...(input.resourceTypes.length > 0
        ? { class: codes(RESOURCE_TYPE_SYSTEM, input.resourceTypes) }
        : {}),
    },
  };
}

/** The next version of a restriction, carrying the practice's decision. */
export function decideRestriction(current: Consent, decision: RestrictionDecision): Consent {
  const details: Extension[] = [
    { url: 'decision', valueCode: decision.decision },
    { url: 'decidedBy', valueString: decision.decidedBy },
    { url: 'decidedAt', valueDateTime: decision.at.toISOString() },
    ...(decision.reason ? [{ url: 'reason', valueString: decision.reason }] : []),
  ];
  return {
    ...current,
    status: decision.decision === 'granted' ? 'active' : 'rejected',
    extension: [
      ...(current.extension ?? []).filter((e) => e.url !== DECISION_EXTENSION),
      { url: DECISION_EXTENSION, extension: details },
    ],
  };
}

/** Whether `code` is a sensitivity code rather than a resource category. */
export function isSensitivity(code: string): boolean {
  return (SENSITIVITY_CODES as readonly string[]).includes(code);
}
