import { describe, expect, it } from 'vitest';
import {
  parseResourceScope,
  scopeAllows,
  scopeProblems,
  scopeWithin,
  splitScopeParameter,
  type Interaction,
} from './scopes.js';

const ALL: Interaction[] = ['create', 'read', 'update', 'delete', 'search'];
const allowed = (scopes: string[], type: string) =>
  ALL.filter((interaction) => scopeAllows(scopes, type, interaction));

describe('SMART v2 scopes: scopeAllows', () => {
  it('maps each letter to its interaction', () => {
    expect(allowed(['system/Observation.c'], 'Observation')).toEqual(['create']);
    expect(allowed(['system/Observation.r'], 'Observation')).toEqual(['read']);
    expect(allowed(['system/Observation.u'], 'Observation')).toEqual(['update']);
    expect(allowed(['system/Observation.d'], 'Observation')).toEqual(['delete']);
    expect(allowed(['system/Observation.s'], 'Observation')).toEqual(['search']);
    expect(allowed(['user/Observation.cruds'], 'Observation')).toEqual(ALL);
    expect(allowed(['patient/Observation.rs'], 'Observation')).toEqual(['read', 'search']);
  });

  it('limits a scope to its resource type; * covers every type', () => {
    expect(allowed(['system/Observation.rs'], 'Patient')).toEqual([]);
    expect(allowed(['system/*.rs'], 'Patient')).toEqual(['read', 'search']);
    expect(allowed(['system/*.rs'], 'Observation')).toEqual(['read', 'search']);
  });

  it('combines several scopes', () => {
    const scopes = ['system/Observation.r', 'system/Observation.s', 'system/Patient.c'];
    expect(allowed(scopes, 'Observation')).toEqual(['read', 'search']);
    expect(allowed(scopes, 'Patient')).toEqual(['create']);
  });

  it('accepts v1 .read, .write and .* as aliases', () => {
    expect(allowed(['patient/Observation.read'], 'Observation')).toEqual(['read', 'search']);
    expect(allowed(['user/Observation.write'], 'Observation')).toEqual([
      'create',
      'update',
      'delete',
    ]);
    expect(allowed(['system/*.*'], 'Encounter')).toEqual(ALL);
  });

  it('fails closed on anything malformed or unsupported', () => {
    for (const scope of [
      'system/Observation.',
      'system/Observation.rc', // letters out of order
      'system/Observation.rr',
      'system/Observation.x',
      'system/observation.rs', // resource types start with a capital
      'admin/Observation.rs',
      'system/Observation.rs?category=laboratory', // granular scopes are not honoured yet
      'Observation.rs',
      'launch/patient',
      'openid',
      '',
      ' system/Observation.rs',
    ]) {
      expect(allowed([scope], 'Observation'), scope).toEqual([]);
    }
    expect(scopeAllows([], 'Observation', 'read')).toBe(false);
  });

  it('parses a scope into context, type and permissions', () => {
    const parsed = parseResourceScope('patient/Condition.crs');
    expect(parsed?.context).toBe('patient');
    expect(parsed?.resourceType).toBe('Condition');
    expect([...(parsed?.permissions ?? [])]).toEqual(['c', 'r', 's']);
  });
});

describe('requested scopes within registered ones: scopeWithin', () => {
  it('allows the same scope or a narrower one', () => {
    expect(scopeWithin('system/Observation.rs', ['system/Observation.rs'])).toBe(true);
    expect(scopeWithin('system/Observation.r', ['system/Observation.rs'])).toBe(true);
    expect(scopeWithin('system/Observation.r', ['system/*.rs'])).toBe(true);
    expect(scopeWithin('system/Observation.read', ['system/Observation.rs'])).toBe(true);
    expect(scopeWithin('system/Observation.rs', ['system/Observation.r', 'system/*.s'])).toBe(true);
  });

  it('refuses a wider type, more letters, or another context', () => {
    expect(scopeWithin('system/*.r', ['system/Observation.rs'])).toBe(false);
    expect(scopeWithin('system/Observation.rsc', ['system/Observation.rs'])).toBe(false);
    expect(scopeWithin('system/Observation.*', ['system/Observation.rs'])).toBe(false);
    expect(scopeWithin('system/Patient.r', ['system/Observation.rs'])).toBe(false);
    expect(scopeWithin('user/Observation.r', ['system/Observation.rs'])).toBe(false);
    expect(scopeWithin('nonsense', ['nonsense'])).toBe(false);
  });

  it('grants launch scopes only as registered', () => {
    expect(scopeWithin('launch/patient', ['launch/patient'])).toBe(true);
    expect(scopeWithin('launch/patient', ['launch'])).toBe(false);
  });
});

describe('scope parameters and registration rules', () => {
  it('splits on spaces and drops duplicates', () => {
    expect(
      splitScopeParameter('system/Observation.rs  system/Patient.rs system/Patient.rs'),
    ).toEqual(['system/Observation.rs', 'system/Patient.rs']);
    expect(splitScopeParameter('')).toEqual([]);
  });

  it('names the position of each scope that does not fit, never its text', () => {
    expect(scopeProblems(['system/Observation.rs'], ['system'])).toEqual([]);
    const problems = scopeProblems(['system/Observation.rs', 'user/*.rs', 'launch'], ['system']);
    expect(problems.map((p) => p.index)).toEqual([1, 2]);
    expect(JSON.stringify(problems)).not.toContain('user/');
    expect(
      scopeProblems(['user/*.rs', 'patient/*.rs', 'launch/patient'], ['user', 'patient'], true),
    ).toEqual([]);
  });
});
