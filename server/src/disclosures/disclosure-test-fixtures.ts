/**
 * Helpers for this folder's database tests: a practice with a patient and a cleared privacy
 * officer, a disclosure body, and browsers for the patient and a proxy. Test-only; nothing in
 * the service imports it.
 */
import { randomUUID } from 'node:crypto';
import type { Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import type { StaffRole } from '../identity/roles.js';
import { buildTestApp, TestClock } from '../../test/test-app.js';
import { createTestTenant } from '../../test/test-database.js';
import { clearedStaffBrowser, createTestUser, TestBrowser } from '../../test/identity-fixtures.js';
import { birthDateForAge, createTestPatient } from '../../test/patient-fixtures.js';

export const DAY = 86_400_000;

/** A new practice with one patient, a signed-in privacy officer, and the disclosures URL. */
export async function disclosureWorld(db: HavenDatabase, keyring: Keyring) {
  const clock = new TestClock();
  const { app } = await buildTestApp(db, { clock });
  const practice = await createTestTenant(db);
  const patient = await createTestPatient(db, keyring, practice.id, {
    birthDate: birthDateForAge(47),
  });
  const staff = (role: StaffRole, tenantId = practice.id) =>
    clearedStaffBrowser(app, db, keyring, clock.now, tenantId, role);
  const { browser: officer, user: officerUser } = await staff('privacy_officer');
  const urlFor = (patientId: string, tenantId = practice.id) =>
    `/api/practices/${tenantId}/patients/${patientId}/disclosures`;
  return { app, clock, practice, patient, officer, officerUser, staff, urlFor };
}

/** A valid disclosure body `daysAgo` days before `now`, with unique, searchable texts. */
export function aDisclosure(now: Date, daysAgo: number, extra: Record<string, unknown> = {}) {
  const tag = randomUUID().slice(0, 8);
  return {
    disclosedAt: new Date(now.getTime() - daysAgo * DAY).toISOString(),
    recipient: {
      name: `Dr Quentin Marlowe ${tag}`,
      organisation: 'Riverside Cardiology',
      address: '12 Harbour Lane, Springfield',
    },
    description: `Echocardiogram report and medication list ${tag}`,
    purpose: 'treatment',
    ...extra,
  };
}

export { signedInPatient as patientBrowser } from '../../test/identity-fixtures.js';

/**
 * A proxy signed in and acting on the patient's record: by default a caregiver the patient
 * granted `scopes`; with `guardian`, a parent of a minor (the basis staff record).
 */
export async function proxyBrowser(
  app: Parameters<typeof clearedStaffBrowser>[0],
  db: HavenDatabase,
  keyring: Keyring,
  grant: {
    tenantId: string;
    patientId: string;
    grantedBy: string;
    scopes: string[];
    guardian?: boolean;
  },
) {
  const proxy = await createTestUser(db, keyring);
  await db.unsafeKysely
    .insertInto('proxy_grant')
    .values({
      tenant_id: grant.tenantId,
      id: randomUUID(),
      patient_id: grant.patientId,
      proxy_user_id: proxy.userId,
      relationship: grant.guardian ? 'parent' : 'caregiver',
      basis: grant.guardian ? 'guardian_of_minor' : 'granted_by_patient',
      scopes: grant.scopes,
      granted_by: grant.grantedBy,
      granted_at: new Date(Date.now() - DAY),
    })
    .execute();
  const browser = new TestBrowser(app);
  await browser.signIn(proxy);
  const chosen = await browser.request('POST', '/api/me/acting-as', {
    tenantId: grant.tenantId,
    patientId: grant.patientId,
  });
  if (chosen.statusCode !== 200) throw new Error(`acting-as failed: ${chosen.statusCode}`);
  return { browser, proxy };
}
