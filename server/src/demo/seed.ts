/**
 * `haven seed --demo` (and the first `npm start`): one demo practice with staff and about 50
 * generated patients, all sealed like real data. The generator is deterministic from its seed;
 * the seed is all-or-nothing: if it fails part-way, it removes what it made, and a demo
 * practice without its staff (an interrupted earlier run) is cleared and seeded again.
 */
import type { Resource } from '@medplum/fhirtypes';
import { sql } from 'kysely';
import { platformScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { hashPassword } from '../identity/password-hashing.js';
import { systemCreateStaffAccount } from '../identity/staff-accounts.js';
import { keysForResources, systemInsertResources } from '../records/system-record-writer.js';
import { createPractice, findPracticeBySlug } from '../tenancy/practices.js';
import { demoChangeRequest } from './demo-change-request.js';
import { preVisitQuestionnaire } from '../questionnaires/pre-visit-questionnaire.js';
import { demoAppointments } from './demo-appointments.js';
import { DEMO_MESSAGE_COUNT, demoMessages } from './demo-messages.js';
import { demoStatements } from './demo-statements.js';
import { generateDemoPractice } from './generator/index.js';
import {
  createDemoAccounts,
  DEMO_PATIENT_PASSWORD,
  demoSignInPatients,
  type DemoPatientSignIn,
} from './demo-accounts.js';

export const DEMO_SLUG = 'demo';
export const DEMO_SEED = 20_261_124;
export const DEMO_PATIENT_COUNT = 50;
/** Demo staff sign in with this password (printed at seed; never used outside the demo). */
export const DEMO_STAFF_PASSWORD = 'haven-demo-staff';

export interface DemoSignIn {
  email: string;
  role: string;
  name: string;
}

export interface SeedResult {
  created: boolean;
  practice: { id: string; slug: string; name: string };
  patients: number;
  resources: number;
  signIns: DemoSignIn[];
  password: string;
  patientSignIns: DemoPatientSignIn[];
  patientPassword: string;
  /** Only when this run created the practice: demo staff email -> TOTP secret. */
  staffTotpSecrets?: Record<string, string>;
}

export interface SeedOptions {
  now?: Date;
  onProgress?: (done: number, total: number) => void;
}

export async function seedDemo(
  db: HavenDatabase,
  keyring: Keyring,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const now = options.now ?? new Date();
  const demo = generateDemoPractice({ seed: DEMO_SEED, patientCount: DEMO_PATIENT_COUNT, now });
  const signIns = demo.staff.map((s) => ({
    email: s.email,
    role: s.role,
    name: `${s.givenName} ${s.familyName}`,
  }));
  const changeRequest = demoChangeRequest(
    demo.patients.map((p) => p.patient),
    now,
  );
  const appointments = demoAppointments(demo, now);
  const { adult, teen } = demoSignInPatients(
    demo.patients.map((p) => p.patient),
    now,
  );
  const forms = [preVisitQuestionnaire()];
  const statements = demoStatements(adult.id ?? '', now);
  const resources: Resource[] = [
    ...forms,
    ...demo.patients.flatMap((p) => [p.patient, ...p.resources]),
    ...(changeRequest ? [changeRequest] : []),
    ...appointments,
    ...statements,
  ];
  const summary = {
    patients: demo.patients.length,
    // The demo conversation is written once the clinician's account exists (it names them).
    resources: resources.length + DEMO_MESSAGE_COUNT,
    signIns,
    password: DEMO_STAFF_PASSWORD,
    patientPassword: DEMO_PATIENT_PASSWORD,
  };

  const existing = await findPracticeBySlug(db, DEMO_SLUG);
  if (existing) {
    const patientSignIns = await completedSeed(db, existing.id);
    if (patientSignIns) return { created: false, practice: existing, ...summary, patientSignIns };
    await removePractice(db, existing.id);
  }

  const practice = await createPractice(db, { slug: DEMO_SLUG, name: demo.name });
  try {
    const platformKey = await keyring.dataKey(platformScope());
    const keys = await keysForResources(keyring, practice.id, resources);
    const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
    const patientPasswordHash = await hashPassword(DEMO_PATIENT_PASSWORD);
    const staff = await systemTransaction(db, async (tx) => {
      for (const [index, patient] of demo.patients.entries()) {
        await systemInsertResources(
          tx,
          practice.id,
          keys,
          [patient.patient, ...patient.resources],
          now,
        );
        options.onProgress?.(index + 1, demo.patients.length);
      }
      if (changeRequest) {
        await systemInsertResources(tx, practice.id, keys, [changeRequest], now);
      }
      await systemInsertResources(tx, practice.id, keys, [...appointments, ...forms], now);
      await systemInsertResources(tx, practice.id, keys, statements, now);
      const accounts = [];
      for (const member of demo.staff) {
        const userId = await systemCreateStaffAccount(tx, platformKey, {
          email: member.email,
          displayName: `${member.givenName} ${member.familyName}`,
          passwordHash,
          tenantId: practice.id,
          roles: [member.role],
        });
        accounts.push({ userId, member });
      }
      const clinician = accounts.find((a) => a.member.email.startsWith('clinician@'));
      if (clinician) {
        const name = `${clinician.member.givenName} ${clinician.member.familyName}`;
        const messages = demoMessages(
          { adult: adult.id ?? '', teen: teen.id ?? '' },
          { userId: clinician.userId, name },
          now,
        );
        await systemInsertResources(tx, practice.id, keys, messages, now);
      }
      return accounts;
    });
    // Patient accounts last: their presence marks a complete seed.
    const accounts = await createDemoAccounts(db, keyring, {
      tenantId: practice.id,
      staff,
      patients: demo.patients.map((p) => p.patient),
      patientPasswordHash,
      now,
    });
    return {
      created: true,
      practice,
      ...summary,
      patientSignIns: accounts.patientSignIns,
      staffTotpSecrets: accounts.staffTotpSecrets,
    };
  } catch (error) {
    await removePractice(db, practice.id);
    throw error;
  }
}

/** The patient sign-ins of a demo practice whose seed finished, or undefined. */
async function completedSeed(
  db: HavenDatabase,
  tenantId: string,
): Promise<DemoPatientSignIn[] | undefined> {
  const accounts = await systemTransaction(db, (tx) =>
    tx.selectFrom('patient_account').select('user_id').where('tenant_id', '=', tenantId).execute(),
  );
  if (accounts.length === 0) return undefined;
  return [
    { email: 'patient@demo.haven.test', who: 'adult patient' },
    { email: 'teen@demo.haven.test', who: '15-year-old, guardian consented' },
    { email: 'guardian@demo.haven.test', who: 'parent of a child and of the 15-year-old' },
  ];
}

/** Removes a practice that an interrupted seed left behind (never a practice in use). */
async function removePractice(db: HavenDatabase, tenantId: string): Promise<void> {
  await systemTransaction(db, async (tx) => {
    const people = await sql<{ id: string }>`
      select user_id as id from practice_membership where tenant_id = ${tenantId}
      union select user_id from patient_account where tenant_id = ${tenantId}
      union select proxy_user_id from proxy_grant where tenant_id = ${tenantId}
    `.execute(tx);
    for (const table of TENANT_TABLES) {
      await sql`delete from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(tx);
    }
    await tx.deleteFrom('practice').where('id', '=', tenantId).execute();
    const ids = people.rows.map((r) => r.id);
    if (ids.length > 0) await tx.deleteFrom('app_user').where('id', 'in', ids).execute();
  });
}

// Children before parents (foreign keys).
const TENANT_TABLES = [
  'statement_payment',
  'guardian_consent',
  'proxy_grant',
  'practice_teen_policy',
  'identity_verification',
  'activation_code',
  'patient_account',
  'staff_licence',
  'confidentiality_attestation',
  'practice_security_policy',
  'fhir_resource',
  'practice_membership',
  'patient_key',
  'tenant_key',
] as const;
