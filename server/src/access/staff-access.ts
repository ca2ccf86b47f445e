/**
 * The staff part of the access decision (ACC-1, ACC-2, ACC-5, ACC-6, SHARE-3, RIGHT-6).
 *
 * Checks run in this order, each refusing with its own reason: a practice role, patient-data
 * clearance, a known resource type, the role permission table, clinical clearance for clinical
 * categories, sensitivity labels, the patient's granted restrictions, and last the care
 * relationship (or break-the-glass) for clinical categories.
 *
 * Break-the-glass lifts only the care-relationship requirement: it never lifts a sensitivity
 * label (a psychotherapy note stays with those allowed to see it, ACC-6), nor a restriction the
 * practice granted the patient (the practice promised it; an emergency disclosure of restricted
 * data goes through the disclosure workflow, SHARE-7), nor role permissions or clearance. It
 * covers read, search, create and update: an emergency never needs a delete or a bulk export.
 */
import { CLINICAL_ROLES, STAFF_ROLES, type StaffRole } from '../identity/roles.js';
import type {
  AccessAction,
  AccessContext,
  AccessDecision,
  AccessTarget,
  BreakGlassGrant,
  RestrictionFact,
  StaffActor,
} from './access-types.js';
import { allow, deny, normalizeLabels } from './decision.js';
import { ADMIN_MASKS, CLINICAL_FIELD_MASKS } from './field-mask.js';
import {
  CLINICAL_CATEGORIES,
  ROLE_PERMISSIONS,
  categoryOf,
  type ResourceCategory,
} from './role-permissions.js';

const BREAK_GLASS_ACTIONS: readonly AccessAction[] = ['read', 'search', 'create', 'update'];
const KNOWN_ROLES = new Set<string>(STAFF_ROLES);

/** The decision for a staff member of the target's practice (the tenant is already checked). */
export function decideStaff(
  actor: StaffActor,
  action: AccessAction,
  target: AccessTarget,
  context: AccessContext,
): AccessDecision {
  // Anything not a practice role (platform_admin, a typo) counts for nothing.
  const roles = actor.roles.filter((role) => KNOWN_ROLES.has(role));
  if (roles.length === 0) return deny('denied_no_role_permission');
  if (!actor.clearance.patientData) return deny('denied_not_cleared');
  const category = categoryOf(target.resourceType);
  if (category === undefined) return deny('denied_unknown_resource_type');

  const permitting = roles.filter((role) => ROLE_PERMISSIONS[role][category]?.includes(action));
  if (permitting.length === 0) {
    // Say why a researcher is refused: research is never done on identifiable records.
    return deny(
      roles.every((role) => role === 'researcher')
        ? 'denied_research_identifiable'
        : 'denied_no_role_permission',
    );
  }
  const clinical = CLINICAL_CATEGORIES.includes(category);
  if (clinical && !actor.clearance.clinicalAccess) return deny('denied_not_clinical');

  const seeable = normalizeLabels(actor.sensitivePermission);
  if (target.sensitivity.some((label) => !seeable.has(label.toUpperCase()))) {
    return deny('denied_sensitive');
  }
  if (context.restrictions.some((r) => restricts(r, actor, roles, target, category))) {
    return deny('denied_restricted');
  }

  if (clinical) {
    // A care relationship is with one patient: data about no one patient has none.
    if (context.careRelationship && target.patientId !== null) {
      return allow('allowed_care_team', 'TREAT');
    }
    return breakGlass(context.breakGlass, context.now, action, target);
  }
  if (category === 'coverage') return allow('allowed_role', 'HPAYMT');
  // A resource with clinical fields behind its mask is whole only to a clinician who treats the
  // patient; emergency access opens the chart, not the calendar.
  const treating =
    actor.clearance.clinicalAccess &&
    permitting.some(isClinicalRole) &&
    (CLINICAL_FIELD_MASKS[target.resourceType] === undefined ||
      (context.careRelationship && target.patientId !== null));
  const mask = treating ? undefined : ADMIN_MASKS[target.resourceType];
  if (mask) return allow('allowed_role', 'HOPERAT', { fields: mask });
  return allow('allowed_role', treating ? 'TREAT' : 'HOPERAT');
}

function isClinicalRole(role: StaffRole): boolean {
  return CLINICAL_ROLES.includes(role);
}

/**
 * Whether a granted restriction covers this actor and this data. A restriction naming neither a
 * user nor a role binds every staff member; one naming neither categories nor types covers all
 * of the patient's data. Categories and types widen each other (a restriction on PSY and on
 * DocumentReference covers both), so a patient's restriction is never read more narrowly than
 * it could have been meant. Requested and denied restrictions bind no one.
 */
export function restricts(
  restriction: RestrictionFact,
  actor: { userId: string },
  roles: readonly StaffRole[],
  target: AccessTarget,
  category: ResourceCategory,
): boolean {
  if (restriction.status !== 'granted') return false;
  const { appliesToUserId, appliesToRole } = restriction;
  const named = appliesToUserId !== undefined || appliesToRole !== undefined;
  const actorCovered =
    !named ||
    appliesToUserId === actor.userId ||
    (appliesToRole !== undefined && roles.includes(appliesToRole));
  if (!actorCovered) return false;
  const categories = restriction.categories ?? [];
  const types = restriction.resourceTypes ?? [];
  if (categories.length === 0 && types.length === 0) return true;
  const labels = normalizeLabels([...target.sensitivity, category]);
  return categories.some((c) => labels.has(c.toUpperCase())) || types.includes(target.resourceType);
}

/**
 * The decision without a care relationship. A grant counts only with a reason (ACC-5: an empty
 * or blank reason is no grant at all) and from its start; past its end it is refused as expired.
 */
function breakGlass(
  grant: BreakGlassGrant | undefined,
  now: Date,
  action: AccessAction,
  target: AccessTarget,
): AccessDecision {
  if (grant === undefined || grant.reason.trim() === '' || target.patientId === null) {
    return deny('denied_no_care_relationship');
  }
  const t = now.getTime();
  if (t < grant.grantedAt.getTime()) return deny('denied_no_care_relationship');
  if (t >= grant.expiresAt.getTime()) return deny('denied_break_glass_expired');
  if (!BREAK_GLASS_ACTIONS.includes(action)) return deny('denied_no_care_relationship');
  return allow('allowed_break_glass', 'ETREAT', { breakGlass: true });
}
