// The cartesian table: every staff role × care relationship × sensitivity × permission × action
// × a sample of resource types, checked against an oracle written out per role and per type
// (not per category, and not from ROLE_PERMISSIONS), so a slip in the table or the decision
// shows up as a disagreement.
import { describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../identity/roles.js';
import { ACCESS_ACTIONS, type AccessAction } from './access-types.js';
import { request, staff } from './access-test-fixtures.js';
import { decideAccess } from './decide-access.js';

// Letters: r read, s search, c create, u update, d delete, e export.
const LETTER: Record<AccessAction, string> = {
  read: 'r',
  search: 's',
  create: 'c',
  update: 'u',
  delete: 'd',
  export: 'e',
};

// What each role may do to each sample type, written by hand from the brief.
const EXPECTED: Record<StaffRole, Record<string, string>> = {
  clinician: {
    Patient: 'rscu',
    Condition: 'rscude',
    DocumentReference: 'rscude',
    Observation: 'rscude',
    MedicationRequest: 'rscude',
    // Written only through the messaging workflow (decide-access.test.ts), never directly.
    Communication: 'rs',
    Appointment: 'rscu',
    Consent: 'rs',
  },
  nurse: {
    Patient: 'rscu',
    Condition: 'rscu',
    DocumentReference: 'rscu',
    Observation: 'rscu',
    MedicationRequest: 'rscu',
    Communication: 'rs',
    Appointment: 'rscu',
    Consent: 'rs',
  },
  front_desk: {
    Patient: 'rscu',
    Appointment: 'rscu',
    Coverage: 'rscu',
    Claim: 'rscu',
    Consent: 'rsc',
  },
  billing: { Patient: 'rs', Coverage: 'rscu', Claim: 'rscu' },
  practice_admin: { Patient: 'rs', Appointment: 'rs' },
  privacy_officer: { Patient: 'rs', Consent: 'rscu' },
  researcher: {},
};

// Types whose access needs a care relationship (health information).
const NEEDS_CARE = new Set([
  'Condition',
  'DocumentReference',
  'Observation',
  'MedicationRequest',
  'Communication',
]);
const TYPES = [...NEEDS_CARE, 'Patient', 'Appointment', 'Coverage', 'Claim', 'Consent', 'Basic'];

function oracle(
  role: StaffRole,
  type: string,
  action: AccessAction,
  care: boolean,
  labels: string[],
  permitted: string[],
): boolean {
  if (!(EXPECTED[role][type] ?? '').includes(LETTER[action])) return false;
  if (labels.some((label) => !permitted.includes(label))) return false;
  if (NEEDS_CARE.has(type) && !care) return false;
  return true;
}

const rows = STAFF_ROLES.flatMap((role) =>
  [true, false].flatMap((care) =>
    [[], ['PSY']].flatMap((labels) =>
      [[], ['PSY']].flatMap((permitted) =>
        ACCESS_ACTIONS.flatMap((action) =>
          TYPES.map((type) => ({ role, care, labels, permitted, action, type })),
        ),
      ),
    ),
  ),
);

describe('decideAccess: the staff table', () => {
  it('covers the whole product', () => {
    expect(rows).toHaveLength(
      STAFF_ROLES.length * 2 * 2 * 2 * ACCESS_ACTIONS.length * TYPES.length,
    );
  });

  it.each(rows)(
    '$role care=$care labels=$labels may=$permitted $action $type',
    ({ role, care, labels, permitted, action, type }) => {
      const actor = staff([role], { sensitivePermission: permitted });
      const decision = decideAccess(
        request(actor, action, type, {
          target: { sensitivity: labels },
          context: { careRelationship: care },
        }),
      );
      const expected = oracle(role, type, action, care, labels, permitted);
      expect(decision.allowed).toBe(expected);
      if (expected) {
        expect(decision.reason).toBe(NEEDS_CARE.has(type) ? 'allowed_care_team' : 'allowed_role');
        expect(decision.breakGlass).toBe(false);
      } else {
        expect(decision.reason).toMatch(/^denied_/);
        expect(decision.purposeOfUse).toBeNull();
      }
    },
  );

  it('masks Patient for every role outside clinical care, and only them', () => {
    for (const role of STAFF_ROLES) {
      const decision = decideAccess(request(staff([role]), 'read', 'Patient'));
      if (!decision.allowed) continue;
      const clinical = role === 'clinician' || role === 'nurse';
      expect(decision.fields === undefined).toBe(clinical);
    }
  });
});
