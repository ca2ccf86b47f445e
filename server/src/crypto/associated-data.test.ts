import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyWrapAad, recordAad, type RecordAadInput } from './associated-data.js';
import type { KeyScope } from './key-scope.js';

const base: RecordAadInput = { tenantId: 't1', resourceType: 'Patient', id: 'id1', version: 1 };

describe('recordAad', () => {
  it('is deterministic', () => {
    expect(recordAad(base)).toEqual(recordAad({ ...base }));
  });

  it('does not collide on tricky splits between fields', () => {
    const inputs: RecordAadInput[] = [
      { tenantId: 'a', resourceType: 'bc', id: 'd', version: 1 },
      { tenantId: 'ab', resourceType: 'c', id: 'd', version: 1 },
      { tenantId: 'a', resourceType: 'b', id: 'cd', version: 1 },
      { tenantId: 'a', resourceType: 'bcd', id: '1', version: '1' },
      { tenantId: 'a\u0000', resourceType: 'b', id: 'c', version: 1 },
      { tenantId: 'a', resourceType: '\u0000b', id: 'c', version: 1 },
      { tenantId: 'a', resourceType: 'b', id: 'c', version: 11 },
      { tenantId: 'a', resourceType: 'b', id: 'c1', version: 1 },
      { tenantId: '\u0000\u0000\u0000\u0001a', resourceType: 'b', id: 'c', version: 1 },
    ];
    const encodings = new Set(inputs.map((input) => recordAad(input).toString('hex')));
    expect(encodings.size).toBe(inputs.length);
  });

  it('property: different inputs give different encodings', () => {
    // A tiny alphabet makes different splits of the same characters common; the binary unit
    // covers multi-byte UTF-8.
    const field = fc.oneof(
      fc.string({ minLength: 1, maxLength: 4, unit: fc.constantFrom('a', 'b', '1', '\0') }),
      fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }),
    );
    const input = fc.record({
      tenantId: field,
      resourceType: field,
      id: field,
      version: fc.oneof(fc.nat(), field),
    });
    fc.assert(
      fc.property(input, input, (a, b) => {
        const same =
          a.tenantId === b.tenantId &&
          a.resourceType === b.resourceType &&
          a.id === b.id &&
          String(a.version) === String(b.version);
        expect(recordAad(a).equals(recordAad(b))).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('treats a numeric version and its decimal string as the same version', () => {
    expect(recordAad({ ...base, version: 7 })).toEqual(recordAad({ ...base, version: '7' }));
  });

  it('rejects empty fields, bad versions and lone surrogates', () => {
    expect(() => recordAad({ ...base, tenantId: '' })).toThrow(TypeError);
    expect(() => recordAad({ ...base, id: '' })).toThrow(TypeError);
    expect(() => recordAad({ ...base, version: -1 })).toThrow(TypeError);
    expect(() => recordAad({ ...base, version: 1.5 })).toThrow(TypeError);
    expect(() => recordAad({ ...base, id: 'x\uD800' })).toThrow(TypeError);
  });
});

describe('keyWrapAad', () => {
  it('differs for every scope, and from record AAD', () => {
    const scopes: KeyScope[] = [
      { kind: 'platform' },
      { kind: 'tenant', tenantId: 't1' },
      { kind: 'tenant', tenantId: 't2' },
      { kind: 'patient', tenantId: 't1', patientId: 'p1' },
      { kind: 'patient', tenantId: 't1', patientId: 'p2' },
      { kind: 'patient', tenantId: 't2', patientId: 'p1' },
      { kind: 'patient', tenantId: 't1p', patientId: '1' },
    ];
    const encodings = new Set(scopes.map((scope) => keyWrapAad(scope).toString('hex')));
    encodings.add(recordAad(base).toString('hex'));
    expect(encodings.size).toBe(scopes.length + 1);
  });
});
