/**
 * Builders and fast-check arbitraries for the access decision's tests. Small fixed pools of
 * tenants, patients and users, so generated requests collide often enough to reach the allow
 * paths and not only the refusals.
 */
import fc from 'fast-check';
import { STAFF_ROLES, type StaffRole } from '../identity/roles.js';
import { PROXY_SCOPES } from '../identity/proxies/proxy-model.js';
import {
  ACCESS_ACTIONS,
  type AccessContext,
  type AccessRequest,
  type AccessTarget,
  type Actor,
  type ConsentFact,
  type RestrictionFact,
  type StaffActor,
} from './access-types.js';

export const NOW = new Date('2025-06-01T12:00:00Z');
export const HOUR = 3_600_000;
export const TENANT = 'tenant-a';
export const PATIENT = 'patient-1';
export const OTHER_PATIENT = 'patient-2';

/** A fully cleared staff member with `roles` (clinical clearance only for a clinical role). */
export function staff(roles: StaffRole[], overrides: Partial<StaffActor> = {}): StaffActor {
  const clinical = roles.includes('clinician') || roles.includes('nurse');
  return {
    kind: 'staff',
    userId: 'user-staff',
    tenantId: TENANT,
    roles,
    clearance: { patientData: true, clinicalAccess: clinical },
    sensitivePermission: [],
    ...overrides,
  };
}

/** A request for `resourceType` of PATIENT in TENANT, with a plain context. */
export function request(
  actor: Actor,
  action: AccessRequest['action'],
  resourceType: string,
  options: { target?: Partial<AccessTarget>; context?: Partial<AccessContext> } = {},
): AccessRequest {
  return {
    actor,
    action,
    target: {
      tenantId: TENANT,
      patientId: PATIENT,
      resourceType,
      sensitivity: [],
      ...options.target,
    },
    context: {
      now: NOW,
      careRelationship: false,
      consents: [],
      restrictions: [],
      ...options.context,
    },
  };
}

// Weighted towards one tenant, no labels, cleared staff and matching consents, so that enough
// generated requests are allowed for the properties to say something.
const likely = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: rare, weight: 1 });
const tenants = likely(fc.constant(TENANT), fc.constant('tenant-b'));
const mostlyTrue = likely(fc.constant(true), fc.constant(false));
const patients = fc.constantFrom(PATIENT, OTHER_PATIENT);
const users = fc.constantFrom('user-1', 'user-2');
export const labelArb = fc.constantFrom('PSY', 'SEX', 'ETH', 'HIV', 'GDIS', 'BH', 'psy');
const labels = likely(fc.constant<string[]>([]), fc.uniqueArray(labelArb, { maxLength: 3 }));
const roleArb = fc.constantFrom<StaffRole>(...STAFF_ROLES);
export const resourceTypeArb = fc.constantFrom(
  'Patient',
  'Condition',
  'Observation',
  'DocumentReference',
  'MedicationRequest',
  'Appointment',
  'Communication',
  'Coverage',
  'Claim',
  'Consent',
  'QuestionnaireResponse',
  'Basic',
);
const offset = fc.integer({ min: -3, max: 3 }).map((h) => new Date(NOW.getTime() + h * HOUR));

export const actorArb: fc.Arbitrary<Actor> = fc.oneof(
  fc.record({
    kind: fc.constant('staff' as const),
    userId: users,
    tenantId: tenants,
    roles: likely(
      fc.uniqueArray(roleArb, { minLength: 1, maxLength: 2 }),
      fc.constant<StaffRole[]>([]),
    ),
    clearance: fc.record({ patientData: mostlyTrue, clinicalAccess: mostlyTrue }),
    sensitivePermission: labels,
  }),
  fc.record({
    kind: fc.constant('patient' as const),
    userId: users,
    tenantId: tenants,
    patientId: patients,
  }),
  fc.record({
    kind: fc.constant('proxy' as const),
    userId: users,
    tenantId: tenants,
    patientId: patients,
    scopes: fc.subarray([...PROXY_SCOPES]),
    excludedCategories: labels,
  }),
  fc.record({
    kind: fc.constant('external_provider' as const),
    userId: users,
    tenantId: tenants,
    grantee: fc.constant('org-1'),
  }),
  fc.record({ kind: fc.constant('researcher' as const), userId: users, tenantId: tenants }),
  fc.record({ kind: fc.constant('client' as const), clientId: users, tenantId: tenants }),
);

export const targetArb: fc.Arbitrary<AccessTarget> = fc.record({
  tenantId: tenants,
  patientId: likely(fc.constant(PATIENT), fc.constantFrom(OTHER_PATIENT, null)),
  resourceType: resourceTypeArb,
  sensitivity: labels,
});

export const consentArb: fc.Arbitrary<ConsentFact> = fc.record(
  {
    kind: likely(
      fc.constant('share_with_provider' as const),
      fc.constantFrom('research', 'pharmacy', 'recording'),
    ),
    grantee: likely(fc.constant('org-1'), fc.constant('org-2')),
    status: likely(fc.constant('active' as const), fc.constant('revoked' as const)),
    period: fc.record({ start: offset, end: offset }, { requiredKeys: [] }),
  },
  { requiredKeys: ['kind', 'status'] },
);

export const restrictionArb: fc.Arbitrary<RestrictionFact> = fc.record(
  {
    status: fc.constantFrom('granted', 'requested', 'denied'),
    appliesToUserId: users,
    appliesToRole: roleArb,
    categories: fc.uniqueArray(fc.constantFrom('PSY', 'HIV', 'notes', 'results'), {
      maxLength: 2,
    }),
    resourceTypes: fc.uniqueArray(resourceTypeArb, { maxLength: 2 }),
  },
  { requiredKeys: ['status'] },
);

export const contextArb: fc.Arbitrary<AccessContext> = fc.record(
  {
    now: fc.constant(NOW),
    careRelationship: fc.boolean(),
    breakGlass: fc.record({
      grantedAt: offset,
      expiresAt: offset,
      reason: fc.constantFrom('', ' ', 'unconscious patient in ED'),
    }),
    consents: fc.array(consentArb, { maxLength: 3 }),
    restrictions: fc.array(restrictionArb, { maxLength: 2 }),
  },
  { requiredKeys: ['now', 'careRelationship', 'consents', 'restrictions'] },
);

export const requestArb: fc.Arbitrary<AccessRequest> = fc.record({
  actor: actorArb,
  action: fc.constantFrom(...ACCESS_ACTIONS),
  target: targetArb,
  context: contextArb,
});
