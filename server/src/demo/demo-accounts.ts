/**
 * The demo practice's people, ready to use: every staff member cleared for patient data (TOTP
 * enrolled, confidentiality agreement signed; clinicians' and nurses' licences recorded and
 * verified by the admin), and patient accounts: an adult patient, a 15-year-old with a
 * guardian's consent, and a parent who is guardian of a child and of that teen.
 */
import type { Patient } from '@medplum/fhirtypes';
import type { Keyring } from '../crypto/index.js';
import { platformScope, tenantScope } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction, tenantTransaction } from '../db/transactions.js';
import { createAccount } from '../identity/accounts/accounts.js';
import { confirmTotpEnrolment, startTotpEnrolment, totpCodeAt } from '../identity/mfa/index.js';
import {
  ageInYears,
  grantGuardianAccess,
  recordGuardianConsent,
} from '../identity/proxies/index.js';
import {
  CURRENT_ATTESTATION_VERSION,
  decideLicence,
  recordLicence,
  signAttestation,
} from '../identity/staff/index.js';
import { seedDemoCareTeams } from './demo-care-teams.js';
import type { DemoStaffMember } from './generator/index.js';

export const DEMO_PATIENT_PASSWORD = 'haven-demo-patient';

export interface DemoAccounts {
  patientSignIns: DemoPatientSignIn[];
  /** Demo staff email -> TOTP secret, for `haven demo totp` in development. */
  staffTotpSecrets: Record<string, string>;
}

export interface DemoPatientSignIn {
  email: string;
  who: string;
}

interface StaffAccount {
  userId: string;
  member: DemoStaffMember;
}

/** The patients the demo's sign-ins hold: an adult of 30 to 60, a 15-year-old and a child. */
export function demoSignInPatients(patients: readonly Patient[], now: Date) {
  const age = (p: Patient) => ageInYears(p.birthDate ?? '1900-01-01', now);
  const adult = patients.find((p) => age(p) >= 30 && age(p) <= 60);
  const teen = patients.find((p) => age(p) === 15);
  const child = patients.find((p) => age(p) < 13);
  if (!adult || !teen || !child)
    throw new Error('The demo generator made no adult, 15-year-old or child');
  return { adult, teen, child };
}

export async function createDemoAccounts(
  db: HavenDatabase,
  keyring: Keyring,
  input: {
    tenantId: string;
    staff: StaffAccount[];
    patients: Patient[];
    patientPasswordHash: string;
    now: Date;
  },
): Promise<DemoAccounts> {
  const { tenantId, now } = input;
  const platformKey = await keyring.dataKey(platformScope());
  const tenantKey = await keyring.dataKey(tenantScope(tenantId));
  const { adult, teen, child } = demoSignInPatients(input.patients, now);
  const guardianBirth = `${now.getUTCFullYear() - 42}-05-14`;

  const staffTotpSecrets: Record<string, string> = {};
  const people = await systemTransaction(db, async (tx) => {
    for (const { userId, member } of input.staff) {
      const enrolment = await startTotpEnrolment(tx, platformKey, userId, {
        issuer: 'Haven',
        accountLabel: member.email,
      });
      staffTotpSecrets[member.email] = enrolment.secretBase32;
      // Confirmed with the previous step's code (inside the ±1 window), so the code the
      // authenticator shows right after seeding is not refused as a replay.
      const previousStep = new Date(now.getTime() - 30_000);
      await confirmTotpEnrolment(
        tx,
        platformKey,
        userId,
        totpCodeAt(enrolment.secretBase32, previousStep),
        now,
      );
    }
    const account = (email: string, displayName: string, dateOfBirth: string) =>
      createAccount(tx, platformKey, {
        email,
        displayName,
        passwordHash: input.patientPasswordHash,
        dateOfBirth,
      });
    return {
      patient: await account(
        'patient@demo.haven.test',
        displayNameOf(adult),
        adult.birthDate ?? '',
      ),
      teen: await account('teen@demo.haven.test', displayNameOf(teen), teen.birthDate ?? ''),
      guardian: await account(
        'guardian@demo.haven.test',
        `Jordan ${familyOf(teen)}`,
        guardianBirth,
      ),
    };
  });

  const admin = input.staff.find((s) => s.member.role === 'practice_admin');
  const desk = input.staff.find((s) => s.member.role === 'front_desk');
  if (!admin || !desk) throw new Error('The demo practice has no admin or front desk');
  await tenantTransaction(db, tenantId, async (tx) => {
    for (const { userId, member } of input.staff) {
      await signAttestation(tx, { tenantId, userId, version: CURRENT_ATTESTATION_VERSION, now });
      if (member.licence) {
        await recordLicence(tx, tenantKey, { tenantId, userId, ...licenceOf(member), now });
        await decideLicence(tx, {
          tenantId,
          userId,
          decision: 'verified',
          decidedBy: admin.userId,
          now,
        });
      }
    }
    for (const [userId, patient] of [
      [people.patient, adult],
      [people.teen, teen],
    ] as const) {
      await tx
        .insertInto('patient_account')
        .values({
          tenant_id: tenantId,
          user_id: userId,
          patient_id: patient.id ?? null,
          status: 'active',
          created_at: now,
          activated_at: now,
        })
        .execute();
    }
    for (const patient of [child, teen]) {
      await grantGuardianAccess(tx, {
        patientId: patient.id ?? '',
        patientDateOfBirth: patient.birthDate ?? '',
        guardianUserId: people.guardian,
        relationship: 'parent',
        grantedBy: desk.userId,
        now,
      });
    }
    await seedDemoCareTeams(tx, {
      tenantId,
      staff: input.staff,
      patientIds: input.patients.map((p) => p.id ?? ''),
      addedBy: admin.userId,
      now,
    });
    await recordGuardianConsent(tx, {
      patientId: teen.id ?? '',
      patientDateOfBirth: teen.birthDate ?? '',
      guardianUserId: people.guardian,
      recordedBy: desk.userId,
      method: 'in_person',
      now,
    });
  });
  const patientSignIns = [
    { email: 'patient@demo.haven.test', who: `${displayNameOf(adult)}, adult patient` },
    { email: 'teen@demo.haven.test', who: `${displayNameOf(teen)}, 15, guardian consented` },
    {
      email: 'guardian@demo.haven.test',
      who: `parent of ${displayNameOf(child)} and ${displayNameOf(teen)}`,
    },
  ];
  return { patientSignIns, staffTotpSecrets };
}

function displayNameOf(patient: Patient): string {
  const name = patient.name?.[0];
  return [...(name?.given ?? []), name?.family].filter(Boolean).join(' ');
}

function familyOf(patient: Patient): string {
  return patient.name?.[0]?.family ?? 'Guardian';
}

function licenceOf(member: DemoStaffMember): {
  number: string;
  issuingState: string;
  expiresOn: string;
} {
  const licence = member.licence;
  if (!licence) throw new Error('no licence');
  return { number: licence.number, issuingState: licence.state, expiresOn: licence.expires };
}
