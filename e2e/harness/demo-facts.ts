/**
 * What the tests need to know about the demo practice Haven seeded: who the demo patients are,
 * who is outside the demo clinician's care team, who has no account yet, and which of the
 * 15-year-old's records are teen-confidential. Worked out by running the same deterministic
 * generator `haven seed --demo` runs (same seed, same day), then checked against the names the
 * server printed at start, so a change to the seed cannot silently point tests at the wrong
 * people.
 */
import type { Appointment, Resource } from '@medplum/fhirtypes';
import { demoAppointments } from '../../server/src/demo/demo-appointments.js';
import { DEMO_UNTREATED_PATIENTS } from '../../server/src/demo/demo-care-teams.js';
import { generateDemoPractice } from '../../server/src/demo/generator/index.js';
import { ageInYears } from '../../server/src/identity/proxies/age.js';
import { patientCompartmentOf } from '../../server/src/records/compartment.js';

/** As in server/src/demo/seed.ts (DEMO_SEED, DEMO_PATIENT_COUNT); checked against the output. */
const DEMO_SEED = 20_261_124;
const DEMO_PATIENT_COUNT = 50;
/** The categories a guardian of a teenager does not see by default (proxies/policy.ts). */
const TEEN_CONFIDENTIAL = new Set(['SEX', 'PSY', 'ETH', 'HIV']);

export interface DemoPerson {
  id: string;
  givenName: string;
  familyName: string;
  fullName: string;
  birthDate: string;
  mrn: string;
  age: number;
}

export interface DemoFacts {
  adult: DemoPerson;
  teen: DemoPerson;
  child: DemoPerson;
  /** Adults who have no portal account yet (activation-code candidates). */
  withoutAccount: DemoPerson[];
  /** Patients the demo clinician treats only after breaking the glass. */
  outsideCareTeam: DemoPerson[];
  /** Words of the teenager's teen-confidential records (to check a guardian never sees them). */
  teenConfidentialWords: string[];
  /** Demo staff names by email, as `haven start` printed them. */
  staffNames: Record<string, string>;
  /** The demo adult's records as the seed wrote them. */
  adultRecord: Resource[];
  /** The demo adult's appointments as the seed wrote them (server/src/demo/demo-appointments.ts). */
  adultAppointments: Appointment[];
}

/** "  clinician@demo.haven.test   clinician        Silas Reyes" lines of the start output. */
function staffNamesOf(startOutput: string): Record<string, string> {
  const names: Record<string, string> = {};
  const staffBlock = startOutput.split('Demo sign-ins')[1]?.split('Demo patients')[0] ?? '';
  for (const match of staffBlock.matchAll(/^ +(\S+@demo\.haven\.test) +[a-z_]+ +(.+)$/gm)) {
    names[match[1] ?? ''] = (match[2] ?? '').trim();
  }
  return names;
}

function personOf(resource: Resource, now: Date): DemoPerson {
  if (resource.resourceType !== 'Patient') throw new Error('not a Patient');
  const name = resource.name?.[0];
  const givenName = name?.given?.[0] ?? '';
  const familyName = name?.family ?? '';
  const birthDate = resource.birthDate ?? '';
  return {
    id: resource.id ?? '',
    givenName,
    familyName,
    fullName: `${givenName} ${familyName}`,
    birthDate,
    mrn: resource.identifier?.[0]?.value ?? '',
    age: ageInYears(birthDate, now),
  };
}

function wordsOf(resource: Resource): string[] {
  const found = new Set<string>();
  const text = JSON.stringify(resource);
  // The condition's names and the care plan's title; all mention the same diagnosis.
  for (const match of text.matchAll(/"(?:text|display|title)":"([^"]+)"/g)) {
    const value = match[1] ?? '';
    if (/anxiety|depress|contracept|alcohol|hiv/i.test(value)) found.add(value);
  }
  return [...found];
}

/** The facts of the demo practice a Haven started at `startedAt` seeded. */
export function demoFacts(startOutput: string, startedAt = new Date()): DemoFacts {
  const demo = generateDemoPractice({
    seed: DEMO_SEED,
    patientCount: DEMO_PATIENT_COUNT,
    now: startedAt,
  });
  const people = demo.patients.map((p) => personOf(p.patient, startedAt));
  // The same picks as server/src/demo/demo-accounts.ts.
  const adult = people.find((p) => p.age >= 30 && p.age <= 60);
  const teen = people.find((p) => p.age === 15);
  const child = people.find((p) => p.age < 13);
  if (!adult || !teen || !child) throw new Error('demo facts: no adult, teen or child');
  for (const person of [adult, teen]) {
    if (!startOutput.includes(person.fullName)) {
      throw new Error(
        `demo facts: the server did not print ${person.fullName}; has the demo seed changed?`,
      );
    }
  }
  const outside = people.slice(-DEMO_UNTREATED_PATIENTS);
  const demoAccounts = new Set([adult.id, teen.id, child.id]);
  const teenRecord = demo.patients.find((p) => p.patient.id === teen.id);
  const confidential = (teenRecord?.resources ?? []).filter((r) =>
    (r.meta?.security ?? []).some((s) => TEEN_CONFIDENTIAL.has(s.code ?? '')),
  );
  const teenConfidentialWords = [...new Set(confidential.flatMap(wordsOf))];
  if (teenConfidentialWords.length === 0) {
    throw new Error('demo facts: the 15-year-old has no teen-confidential record');
  }
  return {
    adult,
    teen,
    child,
    withoutAccount: people.filter(
      (p) => p.age >= 18 && !demoAccounts.has(p.id) && !outside.includes(p),
    ),
    outsideCareTeam: outside,
    teenConfidentialWords,
    staffNames: staffNamesOf(startOutput),
    adultRecord: demo.patients.find((p) => p.patient.id === adult.id)?.resources ?? [],
    adultAppointments: demoAppointments(demo, startedAt).filter(
      (a) => patientCompartmentOf(a) === adult.id,
    ),
  };
}
