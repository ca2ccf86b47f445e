import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proxyCanDo, type EffectiveProxyAccess } from './proxy-access.js';
import { PROXY_SCOPES } from './proxy-model.js';

const teenGuardian: EffectiveProxyAccess = {
  grantId: '00000000-0000-4000-8000-000000000001',
  grantIds: ['00000000-0000-4000-8000-000000000001'],
  patientId: '00000000-0000-4000-8000-000000000002',
  scopes: ['read', 'messaging', 'appointments', 'billing'],
  excludedCategories: ['SEX', 'PSY', 'ETH', 'HIV'],
  basis: 'guardian_of_minor',
  speaksForPatient: false,
};

describe('proxyCanDo', () => {
  it('refuses without access', () => {
    expect(proxyCanDo(undefined, { scope: 'read', categories: [] })).toEqual({
      allowed: false,
      reason: 'no_proxy_access',
    });
  });

  it('refuses a scope not granted, before looking at labels', () => {
    const billingOnly = { ...teenGuardian, scopes: ['billing' as const], excludedCategories: [] };
    expect(proxyCanDo(billingOnly, { scope: 'read', categories: [] })).toEqual({
      allowed: false,
      reason: 'proxy_scope',
    });
    expect(proxyCanDo(billingOnly, { scope: 'billing', categories: [] }).allowed).toBe(true);
  });

  it('refuses data carrying an excluded label, whatever its case, and allows the rest', () => {
    expect(proxyCanDo(teenGuardian, { scope: 'read', categories: ['PSY'] })).toEqual({
      allowed: false,
      reason: 'teen_confidential',
    });
    expect(proxyCanDo(teenGuardian, { scope: 'read', categories: ['N', 'sex'] }).reason).toBe(
      'teen_confidential',
    );
    expect(proxyCanDo(teenGuardian, { scope: 'read', categories: ['N'] })).toEqual({
      allowed: true,
      reason: 'ok',
    });
    expect(proxyCanDo(teenGuardian, { scope: 'read', categories: [] }).reason).toBe('ok');
  });

  it('allows exactly when the scope is granted and no label is excluded', () => {
    const labels = fc.constantFrom('SEX', 'PSY', 'ETH', 'HIV', 'GDIS', 'BH', 'N', 'R');
    fc.assert(
      fc.property(
        fc.subarray([...PROXY_SCOPES]),
        fc.uniqueArray(labels),
        fc.constantFrom(...PROXY_SCOPES),
        fc.array(labels, { maxLength: 4 }),
        (scopes, excludedCategories, scope, categories) => {
          const access = { ...teenGuardian, scopes, excludedCategories };
          const expected =
            scopes.includes(scope) && !categories.some((c) => excludedCategories.includes(c));
          expect(proxyCanDo(access, { scope, categories }).allowed).toBe(expected);
        },
      ),
    );
  });
});
