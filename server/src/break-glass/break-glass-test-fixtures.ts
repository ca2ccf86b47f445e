/**
 * Helpers for this folder's tests: a practice with a patient, clinicians cleared for clinical
 * work (licence verified), and the email queue read directly, so a parallel test file that
 * delivers queued mail cannot take our messages first. Test-only; nothing else imports it.
 */
import { sql } from 'kysely';
import type { HavenApp } from '../app/build-app.js';
import { decrypt, platformScope, recordAad, tenantScope, type Keyring } from '../crypto/index.js';
import type { HavenDatabase } from '../db/database.js';
import { systemTransaction } from '../db/transactions.js';
import type { OutgoingEmail } from '../email/mailer.js';
import type { StaffRole } from '../identity/roles.js';
import { decideLicence, recordLicence } from '../identity/staff/licences.js';
import { buildTestApp, TestClock, type LogCapture } from '../../test/test-app.js';
import { createTestTenant, testKeyring } from '../../test/test-database.js';
import {
  clearedStaffBrowser,
  createTestUser,
  type TestBrowser,
  type TestUser,
} from '../../test/identity-fixtures.js';
import { birthDateForAge, createTestPatient } from '../../test/patient-fixtures.js';

export const REASON = 'Unresponsive in the waiting room, suspected overdose of opioids';

/** One practice, one patient, the app on a test clock. */
export interface Scene {
  app: HavenApp;
  log: LogCapture;
  clock: TestClock;
  keyring: Keyring;
  tenantId: string;
  patientId: string;
  patientName: { given: string; family: string };
  url: string;
  staff(role: StaffRole): Promise<{ browser: TestBrowser; user: TestUser }>;
}

export async function scene(db: HavenDatabase): Promise<Scene> {
  const clock = new TestClock(new Date('2026-11-25T09:00:00Z'));
  const keyring = testKeyring(db);
  const { app, log } = await buildTestApp(db, { clock });
  const practice = await createTestTenant(db);
  const patientName = { given: 'Zephyrine', family: 'Quillfeather' };
  const patient = await createTestPatient(db, keyring, practice.id, {
    birthDate: birthDateForAge(47),
    ...patientName,
  });
  return {
    app,
    log,
    clock,
    keyring,
    tenantId: practice.id,
    patientId: patient.id,
    patientName,
    url: `/api/practices/${practice.id}/patients/${patient.id}/break-glass`,
    staff: (role) => staffIn(app, db, keyring, clock, practice.id, role),
  };
}

/**
 * A signed-in staff member cleared for patient data; clinicians and nurses also get a verified
 * licence, so they are cleared for clinical work.
 */
export async function staffIn(
  app: HavenApp,
  db: HavenDatabase,
  keyring: Keyring,
  clock: TestClock,
  tenantId: string,
  role: StaffRole,
): Promise<{ browser: TestBrowser; user: TestUser }> {
  const signedIn = await clearedStaffBrowser(app, db, keyring, clock.now, tenantId, role);
  if (role === 'clinician' || role === 'nurse') {
    const admin = await createTestUser(db, keyring, {
      staff: { tenantId, role: 'practice_admin' },
    });
    const tenantKey = await keyring.dataKey(tenantScope(tenantId));
    const { userId } = signedIn.user;
    const now = clock.now();
    await systemTransaction(db, async (tx) => {
      const licence = { tenantId, userId, number: 'MD-204481', issuingState: 'CA', now };
      await recordLicence(tx, tenantKey, { ...licence, expiresOn: '2099-12-31' });
      await decideLicence(tx, {
        tenantId,
        userId,
        decision: 'verified',
        decidedBy: admin.userId,
        now,
      });
    });
  }
  return signedIn;
}

/** Every message queued to `to`, sent or not, opened with the platform key. */
export async function queuedEmailsTo(
  db: HavenDatabase,
  keyring: Keyring,
  to: string,
): Promise<OutgoingEmail[]> {
  const key = await keyring.dataKey(platformScope());
  const rows = await systemTransaction(db, (tx) =>
    tx.selectFrom('email_job').select(['id', 'sealed']).execute(),
  );
  const messages: OutgoingEmail[] = [];
  for (const row of rows) {
    const aad = recordAad({
      tenantId: 'platform',
      resourceType: 'EmailJob',
      id: row.id,
      version: 1,
    });
    try {
      messages.push(JSON.parse(decrypt(key, row.sealed, aad).toString()) as OutgoingEmail);
    } catch {
      // Another test file's deliberately broken job: not ours.
    }
  }
  return messages.filter((message) => message.to === to);
}

/** The practice's grants as the owner sees them (raw rows, sealed text included). */
export async function grantRows(db: HavenDatabase, tenantId: string) {
  return systemTransaction(db, (tx) =>
    tx.selectFrom('break_glass_grant').selectAll().where('tenant_id', '=', tenantId).execute(),
  );
}

/** The practice's audit entries with `action`, oldest first. */
export async function auditRows(db: HavenDatabase, tenantId: string, action: string) {
  const { rows } = await sql<{
    actor_user_id: string | null;
    patient_id: string | null;
    data_category: string | null;
    outcome: string;
    reason_code: string | null;
    purpose_of_use: string | null;
    break_glass: boolean;
    resource_id: string | null;
  }>`select * from audit_entry where tenant_id = ${tenantId} and action = ${action} order by at, seq`.execute(
    db.unsafeKysely,
  );
  return rows;
}
