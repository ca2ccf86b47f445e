import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import { assertMayRegisterOwnAccount } from './age.js';
import {
  hasGuardianConsent,
  recordGuardianConsent,
  teenAccountMayBeActive,
  type GuardianConsentInput,
} from './guardian-consent.js';
import { grantGuardianAccess, revokeProxy } from './proxy-grants.js';
import { NOW, bornYearsAgo, createAccount, daysAfter, inTenant } from './proxy-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** A practice, a staff member, a parent with a guardian grant, and a patient of that age. */
async function childWithParent(age: number) {
  const tenant = await createTestTenant(db);
  const staff = await createAccount(db, tenant.id, ['front_desk']);
  const parent = await createAccount(db, tenant.id);
  const patientId = randomUUID();
  const dateOfBirth = bornYearsAgo(age);
  const grant = await inTenant(db, tenant.id, (tx) =>
    grantGuardianAccess(tx, {
      patientId,
      patientDateOfBirth: dateOfBirth,
      guardianUserId: parent,
      relationship: 'parent',
      grantedBy: staff,
      now: NOW,
    }),
  );
  const consent = (input: Partial<GuardianConsentInput> = {}) =>
    inTenant(db, tenant.id, (tx) =>
      recordGuardianConsent(tx, {
        patientId,
        patientDateOfBirth: dateOfBirth,
        guardianUserId: parent,
        recordedBy: staff,
        method: 'signed_form',
        now: NOW,
        ...input,
      }),
    );
  const mayBeActive = (now = NOW, tenantId = tenant.id) =>
    inTenant(db, tenantId, (tx) => teenAccountMayBeActive(tx, { patientId, dateOfBirth, now }));
  return { tenant, staff, parent, patientId, dateOfBirth, grant, consent, mayBeActive };
}

describe('a 12-year-old', () => {
  it('cannot have an own account, with or without a guardian', async () => {
    const { dateOfBirth, consent, mayBeActive } = await childWithParent(12);
    expect(() => assertMayRegisterOwnAccount(dateOfBirth, NOW)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    await expect(consent()).rejects.toMatchObject({ code: 'unprocessable' });
    expect(await mayBeActive()).toBe(false);
  });
});

describe("a teenager's own account", () => {
  it('is not active until a guardian consents, then is', async () => {
    const { consent, mayBeActive, patientId, tenant, parent, grant } = await childWithParent(15);
    expect(await mayBeActive()).toBe(false);
    const recorded = await consent();
    expect(recorded).toMatchObject({ patientId, guardianUserId: parent, grantId: grant.id });
    expect(await mayBeActive()).toBe(true);
    expect(await inTenant(db, tenant.id, (tx) => hasGuardianConsent(tx, patientId))).toBe(true);
  });

  it('is active without consent once the patient is an adult', async () => {
    const { mayBeActive } = await childWithParent(17);
    expect(await mayBeActive()).toBe(false);
    expect(await mayBeActive(new Date('2027-01-10T12:00:00Z'))).toBe(true);
  });

  it('needs the consent of someone holding a guardian grant in force', async () => {
    const { consent, mayBeActive, tenant, grant, staff } = await childWithParent(14);
    const stranger = await createAccount(db, tenant.id);
    await expect(consent({ guardianUserId: stranger })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await inTenant(db, tenant.id, (tx) =>
      revokeProxy(tx, { grantId: grant.id, revokedBy: staff, now: NOW }),
    );
    await expect(consent()).rejects.toMatchObject({ code: 'forbidden' });
    expect(await mayBeActive()).toBe(false);
  });

  it('refuses an unknown method and a consent dated in the future', async () => {
    const { consent } = await childWithParent(13);
    await expect(consent({ method: 'by carrier pigeon' as never })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(consent({ consentedAt: daysAfter(NOW, 1) })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('counts consent only in the practice where it was recorded', async () => {
    const { consent, mayBeActive } = await childWithParent(16);
    await consent();
    const other = await createTestTenant(db);
    expect(await mayBeActive(NOW, other.id)).toBe(false);
  });
});
