/**
 * Helpers for this folder's database tests: a practice, patients signed in to their own record,
 * a cleared privacy officer, and direct reads of what is stored. Test-only; nothing in the
 * service imports it.
 */
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction } from '../db/transactions.js';
import {
  bornYearsAgo,
  createPerson,
  linkPatientAccount,
  proxyTestApp,
  signedInBrowser,
  storePatient,
} from '../identity/proxy-routes/proxy-routes-fixtures.js';
import { RecordKeys } from '../records/record-keys.js';
import { readHistory } from '../records/record-store.js';
import { createTestTenant, testKeyring } from '../../test/test-database.js';
import { readConsentFacts } from './consent-facts.js';

/** A practice of its own, on the proxy tests' clock, with helpers to add people. */
export async function consentPractice(db: HavenDatabase) {
  const { app, clock, deps } = await proxyTestApp(db);
  const practice = await createTestTenant(db);
  const keyring = testKeyring(db);
  const tenantId = practice.id;

  /** A patient of `age` with an active account, signed in to their own record. */
  const patient = async (age = 40) => {
    const patientId = await storePatient(db, keyring, tenantId, {
      given: 'Robin',
      family: 'Consenting',
      birthDate: bornYearsAgo(age),
    });
    const user = await createPerson(db, keyring, { dateOfBirth: bornYearsAgo(age) });
    await linkPatientAccount(db, { tenantId, userId: user.userId, patientId, status: 'active' });
    return {
      patientId,
      userId: user.userId,
      browser: await signedInBrowser(app, deps, user.userId),
    };
  };

  /** A privacy officer (cleared for patient data), signed in. */
  const officer = async () => {
    const user = await createPerson(db, keyring, { staff: { tenantId, role: 'privacy_officer' } });
    return { userId: user.userId, browser: await signedInBrowser(app, deps, user.userId) };
  };

  /** The patient's consents and restrictions as the access decision reads them, now. */
  const facts = async (patientId: string) => {
    const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
    return tenantTransaction(db, tenantId, (tx) => readConsentFacts(tx, tenantId, keys, patientId));
  };

  /** Every stored version of one Consent, newest first. */
  const history = async (patientId: string, id: string) => {
    const keys = await RecordKeys.load(keyring, tenantId, [patientId], { create: false });
    return tenantTransaction(db, tenantId, (tx) => readHistory(tx, tenantId, keys, 'Consent', id));
  };

  /** The raw Consent rows and consent audit entries of the practice, as the database holds them. */
  const stored = () =>
    tenantTransaction(db, tenantId, async (tx) => ({
      rows: await tx
        .selectFrom('fhir_resource')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('resource_type', '=', 'Consent')
        .execute(),
      audit: await tx
        .selectFrom('audit_entry')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('action', '=', 'consent_change')
        .orderBy('at')
        .execute(),
    }));

  return { app, clock, deps, keyring, tenantId, patient, officer, facts, history, stored };
}
