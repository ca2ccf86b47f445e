import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createTestTenant, openTestDatabase } from '../../../test/test-database.js';
import { setTeenExcludedCategories } from './policy.js';
import { effectiveProxyAccess, proxyCanDo } from './proxy-access.js';
import { grantGuardianAccess, grantProxyByPatient, revokeProxy } from './proxy-grants.js';
import { NOW, bornYearsAgo, createAccount, daysAfter, inTenant } from './proxy-test-fixtures.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

/** A practice with a front-desk member, a parent, and a patient of the given birth date. */
async function family(patientDateOfBirth: string) {
  const tenant = await createTestTenant(db);
  const staff = await createAccount(db, tenant.id, ['front_desk']);
  const parent = await createAccount(db, tenant.id);
  const patientId = randomUUID();
  const grant = await inTenant(db, tenant.id, (tx) =>
    grantGuardianAccess(tx, {
      patientId,
      patientDateOfBirth,
      guardianUserId: parent,
      relationship: 'parent',
      grantedBy: staff,
      now: NOW,
    }),
  );
  const access = (now = NOW, tenantId = tenant.id) =>
    inTenant(db, tenantId, (tx) =>
      effectiveProxyAccess(tx, { proxyUserId: parent, patientId, patientDateOfBirth, now }),
    );
  return { tenant, staff, parent, patientId, grant, access };
}

describe('guardian access to a child', () => {
  it('sees everything of a 10-year-old', async () => {
    const { access, grant } = await family(bornYearsAgo(10));
    const seen = await access();
    expect(seen).toMatchObject({
      grantId: grant.id,
      basis: 'guardian_of_minor',
      scopes: ['read', 'messaging', 'appointments', 'billing'],
      excludedCategories: [],
      speaksForPatient: true,
    });
    for (const label of ['PSY', 'SEX', 'ETH', 'HIV']) {
      expect(proxyCanDo(seen, { scope: 'read', categories: [label] })).toEqual({
        allowed: true,
        reason: 'ok',
      });
    }
  });

  it("sees a 15-year-old's record except the teen-confidential categories", async () => {
    const { access } = await family(bornYearsAgo(15));
    const seen = await access();
    expect(seen?.excludedCategories).toEqual(['SEX', 'PSY', 'ETH', 'HIV']);
    // A teenager speaks for themselves (CHILD-2): their guardian answers nothing for them.
    expect(seen?.speaksForPatient).toBe(false);
    for (const label of ['PSY', 'SEX']) {
      expect(proxyCanDo(seen, { scope: 'read', categories: [label] })).toEqual({
        allowed: false,
        reason: 'teen_confidential',
      });
    }
    expect(proxyCanDo(seen, { scope: 'read', categories: ['N'] }).reason).toBe('ok');
    expect(proxyCanDo(seen, { scope: 'read', categories: [] }).reason).toBe('ok');
  });

  it("applies a change of the practice's teen policy from the next check", async () => {
    const { access, tenant } = await family(bornYearsAgo(15));
    await inTenant(db, tenant.id, (tx) =>
      setTeenExcludedCategories(tx, tenant.id, ['PSY', 'GDIS']),
    );
    const seen = await access();
    expect(seen?.excludedCategories).toEqual(['PSY', 'GDIS']);
    expect(proxyCanDo(seen, { scope: 'read', categories: ['SEX'] }).reason).toBe('ok');
    expect(proxyCanDo(seen, { scope: 'read', categories: ['GDIS'] }).reason).toBe(
      'teen_confidential',
    );
  });

  it('ends when the patient turns 18; a grant by the adult patient then works', async () => {
    const dob = '2008-07-01'; // 17 at NOW, 18 on 2026-07-01
    const { access, parent, patientId, tenant, staff } = await family(dob);
    expect(await access(new Date('2026-06-30T23:59:59Z'))).toBeDefined();
    const birthday = new Date('2026-07-01T00:00:00Z');
    expect(await access(birthday)).toBeUndefined();
    // Staff can no longer record a guardian for an adult.
    await expect(
      inTenant(db, tenant.id, (tx) =>
        grantGuardianAccess(tx, {
          patientId,
          patientDateOfBirth: dob,
          guardianUserId: parent,
          relationship: 'parent',
          grantedBy: staff,
          now: birthday,
        }),
      ),
    ).rejects.toMatchObject({ code: 'unprocessable' });
    const patientAccount = await createAccount(db, tenant.id);
    const grant = await inTenant(db, tenant.id, (tx) =>
      grantProxyByPatient(tx, {
        patientId,
        patientDateOfBirth: dob,
        proxyUserId: parent,
        proxyDateOfBirth: '1975-03-03',
        relationship: 'parent',
        scopes: ['appointments'],
        grantedBy: patientAccount,
        now: birthday,
      }),
    );
    const seen = await access(birthday);
    expect(seen).toMatchObject({
      grantId: grant.id,
      basis: 'granted_by_patient',
      scopes: ['appointments'],
      excludedCategories: [],
      speaksForPatient: false,
    });
    expect(proxyCanDo(seen, { scope: 'read', categories: [] })).toEqual({
      allowed: false,
      reason: 'proxy_scope',
    });
  });

  it('is recorded only by practice staff, and only for an existing account', async () => {
    const tenant = await createTestTenant(db);
    const billing = await createAccount(db, tenant.id, ['billing']);
    const nurse = await createAccount(db, tenant.id, ['nurse']);
    const parent = await createAccount(db, tenant.id);
    const grant = (grantedBy: string, guardianUserId: string) =>
      inTenant(db, tenant.id, (tx) =>
        grantGuardianAccess(tx, {
          patientId: randomUUID(),
          patientDateOfBirth: bornYearsAgo(8),
          guardianUserId,
          relationship: 'legal_guardian',
          grantedBy,
          now: NOW,
        }),
      );
    await expect(grant(billing, parent)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(grant(parent, parent)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(grant(nurse, randomUUID())).rejects.toMatchObject({ code: 'not_found' });
    await expect(grant(nurse, parent)).resolves.toMatchObject({ basis: 'guardian_of_minor' });
  });

  it('refuses a second grant in force for the same guardian and patient', async () => {
    const { tenant, staff, parent, patientId } = await family(bornYearsAgo(6));
    await expect(
      inTenant(db, tenant.id, (tx) =>
        grantGuardianAccess(tx, {
          patientId,
          patientDateOfBirth: bornYearsAgo(6),
          guardianUserId: parent,
          relationship: 'parent',
          grantedBy: staff,
          now: NOW,
        }),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('revocation', () => {
  it('takes effect on the very next call; a second revoke is a no-op', async () => {
    const { access, grant, tenant, staff } = await family(bornYearsAgo(9));
    expect(await access()).toBeDefined();
    const first = await inTenant(db, tenant.id, (tx) =>
      revokeProxy(tx, { grantId: grant.id, revokedBy: staff, now: NOW }),
    );
    expect(first.alreadyRevoked).toBe(false);
    expect(first.grant.revokedAt).toEqual(NOW);
    // Even a check whose clock is behind the revocation sees it.
    expect(await access(daysAfter(NOW, -1))).toBeUndefined();
    expect(await access()).toBeUndefined();
    const second = await inTenant(db, tenant.id, (tx) =>
      revokeProxy(tx, { grantId: grant.id, revokedBy: staff, now: daysAfter(NOW, 1) }),
    );
    expect(second).toMatchObject({ alreadyRevoked: true, grant: { revokedAt: NOW } });
  });

  it('of an unknown grant is not found', async () => {
    const tenant = await createTestTenant(db);
    const staff = await createAccount(db, tenant.id, ['front_desk']);
    await expect(
      inTenant(db, tenant.id, (tx) =>
        revokeProxy(tx, { grantId: randomUUID(), revokedBy: staff, now: NOW }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('tenant isolation', () => {
  it('a grant in practice A gives nothing in practice B, nor can B revoke it', async () => {
    const { access, grant } = await family(bornYearsAgo(11));
    const other = await createTestTenant(db);
    const otherStaff = await createAccount(db, other.id, ['practice_admin']);
    expect(await access()).toBeDefined();
    expect(await access(NOW, other.id)).toBeUndefined();
    await expect(
      inTenant(db, other.id, (tx) =>
        revokeProxy(tx, { grantId: grant.id, revokedBy: otherStaff, now: NOW }),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await access()).toBeDefined();
  });
});
