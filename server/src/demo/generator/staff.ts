/**
 * The practice itself: its name and one staff member per role (two clinicians), each with a
 * predictable demo login address so people trying the demo can guess them.
 */
import type { StaffRole } from '../../identity/roles.js';
import { addDays, isoDate, startOfUtcDay } from './dates.js';
import {
  FAMILY_NAMES,
  FEMALE_GIVEN,
  MALE_GIVEN,
  PRACTICE_KINDS,
  PRACTICE_PLACES,
} from './name-lists.js';
import type { Rng } from './prng.js';
import type { DemoStaffMember } from './types.js';

export const STAFF_EMAIL_DOMAIN = 'demo.haven.test';

/** Role and mailbox, in the order staff are listed. */
const SEATS: readonly (readonly [StaffRole, string])[] = [
  ['clinician', 'clinician'],
  ['clinician', 'clinician2'],
  ['nurse', 'nurse'],
  ['front_desk', 'frontdesk'],
  ['billing', 'billing'],
  ['practice_admin', 'admin'],
  ['privacy_officer', 'privacy'],
  ['researcher', 'research'],
];

const LICENCE_PREFIX: Partial<Record<StaffRole, string>> = { clinician: 'MD', nurse: 'RN' };

export function practiceName(rng: Rng): { name: string; slug: string } {
  const name = `${rng.pick(PRACTICE_PLACES)} ${rng.pick(PRACTICE_KINDS)}`;
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { name, slug };
}

export function buildStaff(rng: Rng, state: string, now: Date): DemoStaffMember[] {
  const used = new Set<string>();
  return SEATS.map(([role, mailbox]) => {
    let givenName = '';
    let familyName = '';
    for (let attempt = 0; attempt < 20; attempt++) {
      givenName = rng.pick(rng.chance(0.5) ? FEMALE_GIVEN : MALE_GIVEN);
      familyName = rng.pick(FAMILY_NAMES);
      if (!used.has(familyName)) break;
    }
    used.add(familyName);
    const member: DemoStaffMember = {
      id: rng.uuid(),
      givenName,
      familyName,
      email: `${mailbox}@${STAFF_EMAIL_DOMAIN}`,
      role,
    };
    const prefix = LICENCE_PREFIX[role];
    if (prefix) {
      // Licences expire between four months and three years from "today": valid, but a later
      // feature can still find the one due soonest.
      member.licence = {
        number: `${prefix}-${rng.int(100000, 999999)}`,
        state,
        expires: isoDate(addDays(startOfUtcDay(now), rng.int(120, 1100))),
      };
    }
    return member;
  });
}

/** How a staff member is shown on encounters and notes, e.g. "Nora Abbott, MD". */
export function staffDisplayName(member: DemoStaffMember): string {
  const suffix = member.role === 'clinician' ? ', MD' : member.role === 'nurse' ? ', RN' : '';
  return `${member.givenName} ${member.familyName}${suffix}`;
}
