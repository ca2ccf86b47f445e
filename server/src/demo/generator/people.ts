/**
 * Who the patients are: the age mix, names, contact details and the FHIR Patient resource.
 */
import type { Patient, PatientContact } from '@medplum/fhirtypes';
import type { ConditionKey } from './condition-catalog.js';
import { addDays, addYears, ageOn, isoDate, startOfUtcDay } from './dates.js';
import { SYSTEM, codeable } from './fhir.js';
import type { City } from './name-lists.js';
import {
  FAMILY_NAMES,
  FEMALE_GIVEN,
  MALE_GIVEN,
  REGIONS,
  STREET_NAMES,
  STREET_SUFFIXES,
} from './name-lists.js';
import type { Rng } from './prng.js';
import type { BodySex, PatientProfile } from './types.js';

interface AgeSlot {
  minAge: number;
  maxAge: number;
  sex?: BodySex;
  forced?: ConditionKey[];
}

/**
 * Slots every practice fills first, so later privacy and clinical features always have their
 * cases: a 15-year-old with a confidential (PSY) record, a teen with a SEX-labelled record,
 * young children, older adults, and one adult for each sensitive category and for a diabetes
 * trend. With fewer patients than slots, the first slots win.
 */
const REQUIRED_SLOTS: readonly AgeSlot[] = [
  { minAge: 15, maxAge: 15, forced: ['anxiety'] },
  { minAge: 16, maxAge: 17, sex: 'female', forced: ['contraception'] },
  { minAge: 13, maxAge: 14 },
  { minAge: 0, maxAge: 0 },
  { minAge: 2, maxAge: 6 },
  { minAge: 7, maxAge: 12, forced: ['asthma'] },
  { minAge: 65, maxAge: 79, forced: ['hypertension', 'hyperlipidemia'] },
  { minAge: 80, maxAge: 90, forced: ['osteoarthritis'] },
  { minAge: 45, maxAge: 64, forced: ['diabetes', 'hypertension'] },
  { minAge: 25, maxAge: 50, forced: ['hiv'] },
  { minAge: 30, maxAge: 60, forced: ['alcohol-use'] },
  { minAge: 22, maxAge: 45, forced: ['depression'] },
];

/** Age bands for everyone else, weighted roughly like a family practice's panel. */
const AGE_BANDS: readonly (readonly [AgeSlot, number])[] = [
  [{ minAge: 0, maxAge: 12 }, 12],
  [{ minAge: 13, maxAge: 17 }, 6],
  [{ minAge: 18, maxAge: 39 }, 30],
  [{ minAge: 40, maxAge: 64 }, 32],
  [{ minAge: 65, maxAge: 90 }, 20],
];

const GENDERS: readonly (readonly [NonNullable<Patient['gender']>, number])[] = [
  ['female', 49],
  ['male', 47],
  ['other', 2],
  ['unknown', 2],
];

export function planPatients(
  rng: Rng,
  count: number,
  now: Date,
  region: readonly City[],
): PatientProfile[] {
  const slots: AgeSlot[] = REQUIRED_SLOTS.slice(0, count);
  while (slots.length < count) slots.push(rng.weighted(AGE_BANDS));
  const usedNames = new Set<string>();
  let mrn = rng.int(100, 999);
  return rng.shuffle(slots).map((slot): PatientProfile => {
    mrn += rng.int(1, 40);
    const gender: NonNullable<Patient['gender']> = slot.sex ?? rng.weighted(GENDERS);
    const sex: BodySex =
      gender === 'female' || gender === 'male' ? gender : rng.pick(['female', 'male'] as const);
    const age = rng.int(slot.minAge, slot.maxAge);
    let givenName = '';
    let familyName = '';
    // Retry a few times so the demo does not show two people with the same full name.
    for (let attempt = 0; attempt < 20; attempt++) {
      givenName = rng.pick(sex === 'female' ? FEMALE_GIVEN : MALE_GIVEN);
      familyName = rng.pick(FAMILY_NAMES);
      if (!usedNames.has(`${givenName} ${familyName}`)) break;
    }
    usedNames.add(`${givenName} ${familyName}`);
    return {
      id: rng.uuid(),
      mrn: `MRN-${String(mrn).padStart(6, '0')}`,
      givenName,
      familyName,
      gender,
      sex,
      birth: birthDateFor(rng, age, now),
      age,
      city: rng.chance(0.85) ? rng.pick(region) : rng.pick(rng.pick(REGIONS)),
      forced: slot.forced ?? [],
    };
  });
}

/** A birth date giving exactly `age` completed years on `now` (newborns: 3 weeks to 11 months). */
function birthDateFor(rng: Rng, age: number, now: Date): Date {
  const today = startOfUtcDay(now);
  const birth =
    age === 0
      ? addDays(today, -rng.int(20, 330))
      : addDays(addYears(today, -age), -rng.int(1, 364));
  if (ageOn(birth, now) !== age) throw new Error(`birth date for age ${age} came out wrong`);
  return birth;
}

/** Numbers in 555-0100…0199, the range reserved for fiction, so no real line is ever dialled. */
export function fictionalPhone(rng: Rng, city: City): string {
  return `${city.areaCode}-555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

export function buildPatient(rng: Rng, profile: PatientProfile, usedEmails: Set<string>): Patient {
  const { city } = profile;
  const line = [`${rng.int(10, 9899)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`];
  if (rng.chance(0.15)) line.push(`Apt ${rng.int(1, 40)}`);
  const patient: Patient = {
    resourceType: 'Patient',
    id: profile.id,
    identifier: [
      {
        use: 'usual',
        type: codeable(SYSTEM.v2IdentifierType, 'MR', 'Medical record number', 'MRN'),
        system: SYSTEM.mrn,
        value: profile.mrn,
      },
    ],
    active: true,
    name: [{ use: 'official', family: profile.familyName, given: [profile.givenName] }],
    telecom: [
      { system: 'phone', value: fictionalPhone(rng, city), use: 'mobile' },
      { system: 'email', value: uniqueEmail(profile, usedEmails), use: 'home' },
    ],
    gender: profile.gender,
    birthDate: isoDate(profile.birth),
    address: [
      {
        use: 'home',
        type: 'physical',
        line,
        city: city.name,
        state: city.state,
        postalCode: `${city.zipPrefix}${String(rng.int(1, 99)).padStart(2, '0')}`,
        country: 'US',
      },
    ],
  };
  // Children always list a parent; about a third of adults name someone.
  if (profile.age < 18 || rng.chance(0.35)) patient.contact = [emergencyContact(rng, profile)];
  return patient;
}

function emergencyContact(rng: Rng, profile: PatientProfile): PatientContact {
  const family = profile.age < 18 || rng.chance(0.5) ? profile.familyName : rng.pick(FAMILY_NAMES);
  const given = rng.pick(rng.chance(0.5) ? FEMALE_GIVEN : MALE_GIVEN);
  return {
    relationship: [codeable(SYSTEM.v2ContactRole, 'C', 'Emergency Contact')],
    name: { use: 'official', family, given: [given] },
    telecom: [{ system: 'phone', value: fictionalPhone(rng, profile.city), use: 'mobile' }],
  };
}

function uniqueEmail(profile: PatientProfile, used: Set<string>): string {
  const base = `${profile.givenName}.${profile.familyName}`.toLowerCase();
  let email = `${base}@example.org`;
  for (let n = 2; used.has(email); n++) email = `${base}${n}@example.org`;
  used.add(email);
  return email;
}
