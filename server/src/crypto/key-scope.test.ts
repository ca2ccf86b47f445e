import { describe, expect, it } from 'vitest';
import {
  MASTER_SCOPE,
  parentScope,
  parseScopeKey,
  patientScope,
  platformScope,
  scopeKey,
  tenantScope,
  type KeyScope,
} from './key-scope.js';

describe('key scopes', () => {
  it('have stable string forms', () => {
    expect(scopeKey(platformScope())).toBe('platform');
    expect(scopeKey(tenantScope('t1'))).toBe('tenant:t1');
    expect(scopeKey(patientScope('t1', 'p1'))).toBe('patient:t1:p1');
  });

  it('keep ids containing the separator apart', () => {
    const a = scopeKey(patientScope('a:b', 'c'));
    const b = scopeKey(patientScope('a', 'b:c'));
    expect(a).not.toBe(b);
  });

  it('parse back from their string form, and refuse malformed strings', () => {
    const scopes: KeyScope[] = [platformScope(), tenantScope('t:1 é'), patientScope('t%1', 'p/1')];
    for (const scope of scopes) expect(parseScopeKey(scopeKey(scope))).toEqual(scope);
    for (const bad of ['', 'platform:x', 'tenant', 'tenant:', 'patient:t', 'tenant:%zz', 'x:1']) {
      expect(() => parseScopeKey(bad)).toThrow(TypeError);
    }
    expect(() => parseScopeKey('tenant:%74')).toThrow(TypeError); // non-canonical spelling
  });

  it('know their parents', () => {
    expect(parentScope(patientScope('t1', 'p1'))).toEqual(tenantScope('t1'));
    expect(parentScope(tenantScope('t1'))).toBe(MASTER_SCOPE);
    expect(parentScope(platformScope())).toBe(MASTER_SCOPE);
  });

  it('refuse empty ids', () => {
    expect(() => scopeKey(tenantScope(''))).toThrow(TypeError);
    expect(() => scopeKey(patientScope('t1', ''))).toThrow(TypeError);
  });
});
