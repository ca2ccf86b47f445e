/**
 * `haven seed --demo` (and the first `npm start`): one demo practice with staff and about 50
 * generated patients, all sealed like real data. The generator is deterministic from its seed;
 * the seed is all-or-nothing: if it fails part-way, it removes what it made, and a demo
 * practice without its staff (an interrupted earlier run) is cleared and seeded again.
 */
import type { Resource } from '@medplum/fhirtypes';
import { platformScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import { hashPassword } from '../identity/password-hashing.js';
import { systemCreateStaffAccount } from '../identity/staff-accounts.js';
import { keysForResources, systemInsertResources } from '../records/system-record-writer.js';
import { createPractice, findPracticeBySlug } from '../tenancy/practices.js';
import { generateDemoPractice } from './generator/index.js';

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
  const resources: Resource[] = demo.patients.flatMap((p) => [p.patient, ...p.resources]);
  const summary = {
    patients: demo.patients.length,
    resources: resources.length,
    signIns,
    password: DEMO_STAFF_PASSWORD,
  };

  const existing = await findPracticeBySlug(db, DEMO_SLUG);
  if (existing) {
    if (await hasStaff(db, existing.id)) return { created: false, practice: existing, ...summary };
    await removePractice(db, existing.id);
  }

  const practice = await createPractice(db, { slug: DEMO_SLUG, name: demo.name });
  try {
    const platformKey = await keyring.dataKey(platformScope());
    const keys = await keysForResources(keyring, practice.id, resources);
    const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
    await systemTransaction(db, async (tx) => {
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
      // Staff last: their presence marks a complete seed.
      for (const member of demo.staff) {
        await systemCreateStaffAccount(tx, platformKey, {
          email: member.email,
          displayName: `${member.givenName} ${member.familyName}`,
          passwordHash,
          tenantId: practice.id,
          roles: [member.role],
        });
      }
    });
  } catch (error) {
    await removePractice(db, practice.id);
    throw error;
  }
  return { created: true, practice, ...summary };
}

async function hasStaff(db: HavenDatabase, tenantId: string): Promise<boolean> {
  return systemTransaction(db, async (tx) =>
    Boolean(
      await tx
        .selectFrom('practice_membership')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst(),
    ),
  );
}

/** Removes a practice that an interrupted seed left behind (never a practice in use). */
async function removePractice(db: HavenDatabase, tenantId: string): Promise<void> {
  await systemTransaction(db, async (tx) => {
    await tx.deleteFrom('fhir_resource').where('tenant_id', '=', tenantId).execute();
    await tx.deleteFrom('practice_membership').where('tenant_id', '=', tenantId).execute();
    await tx.deleteFrom('patient_key').where('tenant_id', '=', tenantId).execute();
    await tx.deleteFrom('tenant_key').where('tenant_id', '=', tenantId).execute();
    await tx.deleteFrom('practice').where('id', '=', tenantId).execute();
  });
}
