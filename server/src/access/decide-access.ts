/**
 * The one access decision (ACC-1): every read and write of health data asks `decideAccess`
 * first, and the audit entry records its answer (ACC-3). Pure: the caller gathers the facts
 * (clearance, proxy access, care relationship, consents, restrictions) in the same transaction
 * as the access, so the decision and the data see the same state.
 *
 * Deny by default: every path that does not end in an explicit permission is a refusal, each
 * with a stable reason from REASON_CODES.
 */
import type {
  AccessAction,
  AccessDecision,
  AccessRequest,
  AccessTarget,
  ExternalProviderActor,
  PatientActor,
  ProxyActor,
} from './access-types.js';
import type { ProxyScope } from '../identity/proxies/proxy-model.js';
import { consentStanding } from './consents.js';
import { allow, deny, normalizeLabels } from './decision.js';
import { CLINICAL_CATEGORIES, categoryOf, type ResourceCategory } from './role-permissions.js';
import { decideClient } from './client-access.js';
import { CLINICAL_FIELD_MASKS } from './field-mask.js';
import { decideStaff, restricts } from './staff-access.js';

/**
 * Types a patient (or a proxy with the matching scope) may create in their own record, each
 * only through the workflow that checks what they write (AccessTarget.patientWorkflow): answers
 * to questionnaires, and messages to the care team (USE-3: messaging/ builds each Communication
 * field by field). Appointment requests join when their workflow exists (USE-4). Everything
 * else a patient changes goes through its own workflow (demographics self-service, change
 * requests, consents).
 */
export const PATIENT_AUTHORED_TYPES: readonly string[] = ['QuestionnaireResponse', 'Communication'];

/**
 * What a guardian of a child under 13 writes for the child (CHILD-1: the child has no account),
 * through the same workflow as the patient: the answers to the practice's questionnaires.
 */
const GUARDIAN_AUTHORED_TYPES: readonly string[] = ['QuestionnaireResponse'];

/**
 * Types holding what the patient said themselves, kept from a teen's guardian (CHILD-2): their
 * change requests, their answers, and their conversations with the care team (both sides).
 */
const TEEN_OWN_WORDS: readonly string[] = ['Task', 'QuestionnaireResponse', 'Communication'];

/** Actions a patient has on their own record whatever its type (RIGHT-1). */
const OWN_RECORD_ACTIONS: readonly AccessAction[] = ['read', 'search', 'export'];

/** The proxy scope a category needs; everything not named here needs `read`. */
const PROXY_SCOPE_OF: Partial<Record<ResourceCategory, ProxyScope>> = {
  scheduling: 'appointments',
  messaging: 'messaging',
  coverage: 'billing',
};

/**
 * Types only a named workflow writes, and the flag it sets (see AccessTarget.changeRequest and
 * AccessTarget.messagingWorkflow): for everyone but a system job, a write without it is
 * refused, whatever the role table says.
 */
const WORKFLOW_WRITTEN_TYPES: Readonly<
  Record<string, 'changeRequest' | 'messagingWorkflow' | 'billingWorkflow'>
> = {
  Task: 'changeRequest',
  Communication: 'messagingWorkflow',
  Invoice: 'billingWorkflow',
};

/** Whether `resourceType` is written only by a workflow (the FHIR API only reads it). */
export function writtenOnlyByWorkflow(resourceType: string): boolean {
  return Object.hasOwn(WORKFLOW_WRITTEN_TYPES, resourceType);
}
const WRITES: readonly AccessAction[] = ['create', 'update', 'delete'];

/** A job name loud enough to be found in review and in the audit log. */
const JOB_NAME = /^[a-z][a-z0-9_.:-]{2,63}$/;

/** Decides whether `request.actor` may do `request.action` on `request.target`. */
export function decideAccess(request: AccessRequest): AccessDecision {
  const { actor, action, target, context } = request;
  if (actor.kind === 'system') {
    return JOB_NAME.test(actor.job) ? allow('system_job', 'SYSADMIN') : deny('denied_unnamed_job');
  }
  // The tenant wall first: nothing about another practice's data is looked at.
  if (actor.tenantId !== target.tenantId) return deny('denied_other_tenant');
  const workflow = writtenOnlyByWorkflow(target.resourceType)
    ? WORKFLOW_WRITTEN_TYPES[target.resourceType]
    : undefined;
  if (workflow !== undefined && WRITES.includes(action) && target[workflow] !== true) {
    return deny('denied_action_not_permitted');
  }
  switch (actor.kind) {
    case 'staff':
      return decideStaff(actor, action, target, context);
    case 'patient':
      return decidePatient(actor, action, target, context.now);
    case 'proxy':
      return decideProxy(actor, action, target, context.now);
    case 'external_provider':
      return decideExternal(actor, request);
    case 'researcher':
      return deny('denied_research_identifiable');
    case 'client':
      return decideClient(actor, action, target, context);
    default:
      // An actor kind added later without a rule here is refused, not let through.
      return deny('denied_unknown_actor');
  }
}

/**
 * Who and where care happens (practitioners, their roles, organisations, locations) is the
 * practice's public directory: patients and proxies may read it, so a page can say who wrote a
 * note. So are the practice's questionnaires, which patients read to answer. Provenance is not
 * part of it (it points at records).
 */
const PUBLIC_DIRECTORY: readonly string[] = [
  'Location',
  'Organization',
  'Practitioner',
  'PractitionerRole',
  'Questionnaire',
];

function isPublicDirectory(action: AccessAction, target: AccessTarget): boolean {
  return (
    (action === 'read' || action === 'search') &&
    target.patientId === null &&
    PUBLIC_DIRECTORY.includes(target.resourceType)
  );
}

/** A patient: their own record only; restrictions are theirs, so they never bind them. */
function decidePatient(
  actor: PatientActor,
  action: AccessAction,
  target: AccessTarget,
  now: Date,
): AccessDecision {
  if (isPublicDirectory(action, target)) return allow('allowed_directory', 'PATRQT');
  if (target.patientId === null || target.patientId !== actor.patientId) {
    return deny('denied_other_patient');
  }
  if (categoryOf(target.resourceType) === undefined) return deny('denied_unknown_resource_type');
  const creating = action === 'create' && authoredThroughWorkflow(target);
  const ownDetails =
    action === 'update' && target.resourceType === 'Patient' && target.ownDetailsUpdate === true;
  // Their own change request (the rule above has checked it comes from the workflow).
  const ownRequest = (action === 'create' || action === 'update') && target.resourceType === 'Task';
  if (
    !OWN_RECORD_ACTIONS.includes(action) &&
    !creating &&
    !ownDetails &&
    !ownRequest &&
    !payingStatement(action, target)
  ) {
    return deny('denied_action_not_permitted');
  }
  if (releaseDelayed(target, now)) return deny('denied_release_delayed');
  return allow('allowed_own_record', 'PATRQT');
}

/**
 * A proxy: the proxy's patient only, within the scope the category needs, never more than the
 * patient could do, and never data carrying a label the teen policy excludes (CHILD-2).
 */
function decideProxy(
  actor: ProxyActor,
  action: AccessAction,
  target: AccessTarget,
  now: Date,
): AccessDecision {
  if (isPublicDirectory(action, target)) return allow('allowed_directory', 'PATRQT');
  if (target.patientId === null || target.patientId !== actor.patientId) {
    return deny('denied_other_patient');
  }
  const category = categoryOf(target.resourceType);
  if (category === undefined) return deny('denied_unknown_resource_type');
  const scope = PROXY_SCOPE_OF[category] ?? 'read';
  if (!actor.scopes.includes(scope)) return deny('denied_proxy_scope');
  // What a teenager says themselves is theirs: their requests to change their name or gender
  // (and why), their answers to questionnaires (how their mood is, what worries them), and what
  // they and their care team write to each other. A guardian under the teen policy sees none.
  if (TEEN_OWN_WORDS.includes(target.resourceType) && actor.excludedCategories.length > 0) {
    return deny('denied_teen_confidential');
  }
  // Nor their statements: each line names a service they had, confidential ones too (lines
  // carry no sensitivity labels of their own), so a statement could tell what the teen policy hides.
  if (target.resourceType === 'Invoice' && actor.excludedCategories.length > 0) {
    return deny('denied_teen_confidential');
  }
  // Nor what a teenager asked of the practice about their record (a restriction names the
  // confidential care it hides, and why): the consents pages refuse them too (consent-acting.ts).
  if (category === 'consent' && actor.excludedCategories.length > 0) {
    return deny('denied_teen_confidential');
  }
  // Creating is what the messaging and appointments scopes are for; `read` only reads, except
  // for a young child's guardian answering the child's questionnaires.
  const speaksFor =
    actor.speaksForPatient === true && GUARDIAN_AUTHORED_TYPES.includes(target.resourceType);
  const creating =
    action === 'create' && (scope !== 'read' || speaksFor) && authoredThroughWorkflow(target);
  if (!OWN_RECORD_ACTIONS.includes(action) && !creating && !payingStatement(action, target)) {
    return deny('denied_action_not_permitted');
  }
  const excluded = normalizeLabels(actor.excludedCategories);
  if (target.sensitivity.some((label) => excluded.has(label.toUpperCase()))) {
    return deny('denied_teen_confidential');
  }
  if (releaseDelayed(target, now)) return deny('denied_release_delayed');
  // Why the patient comes to an appointment is health information: a proxy who may only
  // manage appointments, or a guardian under the teen policy, sees when and with whom.
  const mask = CLINICAL_FIELD_MASKS[target.resourceType];
  if (mask && (!actor.scopes.includes('read') || excluded.size > 0)) {
    return allow('allowed_proxy', 'PATRQT', { fields: mask });
  }
  return allow('allowed_proxy', 'PATRQT');
}

/**
 * Paying a statement marks it paid: the one change the patient's side makes to an Invoice, and
 * only through the billing workflow, which changes nothing else (a proxy needs `billing`).
 */
function payingStatement(action: AccessAction, target: AccessTarget): boolean {
  return (
    action === 'update' && target.resourceType === 'Invoice' && target.billingWorkflow === true
  );
}

function authoredThroughWorkflow(target: AccessTarget): boolean {
  return PATIENT_AUTHORED_TYPES.includes(target.resourceType) && target.patientWorkflow === true;
}

/** A result the patient chose to see later, still before its release time. */
function releaseDelayed(target: AccessTarget, now: Date): boolean {
  return target.releaseAt !== undefined && target.releaseAt.getTime() > now.getTime();
}

/** Categories a consent to share with a provider covers: who the patient is, and their care. */
const EXTERNAL_CATEGORIES: readonly ResourceCategory[] = [
  'demographics',
  ...CLINICAL_CATEGORIES.filter((c) => c !== 'messaging'),
];

/**
 * An external provider: only what an active, in-period `share_with_provider` consent naming
 * them allows (SHARE-2), read and search only. A consent says nothing about sensitive
 * categories, so labelled data is not shared this way (ACC-6). Restrictions naming the
 * provider's user bind them too.
 */
function decideExternal(actor: ExternalProviderActor, request: AccessRequest): AccessDecision {
  const { action, target, context } = request;
  if (target.patientId === null) return deny('denied_no_consent');
  if (action !== 'read' && action !== 'search') return deny('denied_action_not_permitted');
  const category = categoryOf(target.resourceType);
  if (category === undefined) return deny('denied_unknown_resource_type');
  if (!EXTERNAL_CATEGORIES.includes(category)) return deny('denied_no_role_permission');
  const standing = consentStanding(
    context.consents,
    'share_with_provider',
    context.now,
    actor.grantee,
  );
  if (standing === 'revoked') return deny('denied_consent_revoked');
  if (standing === 'none') return deny('denied_no_consent');
  if (target.sensitivity.length > 0) return deny('denied_sensitive');
  if (context.restrictions.some((r) => restricts(r, actor, [], target, category))) {
    return deny('denied_restricted');
  }
  return allow('allowed_consent', 'TREAT');
}
