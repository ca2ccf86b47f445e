import { describe, expect, it } from 'vitest';
import { parsePromiseRegistry } from './registry.js';
import type { PromiseEntry } from './registry.js';

/** A copy of `value` without `key`, for entries missing a required field. */
const without = (value: object, key: string): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...value };
  delete copy[key];
  return copy;
};

const entry = (id: string, extra: Partial<PromiseEntry> = {}): PromiseEntry => ({
  id,
  area: 'Access control and security',
  promise: 'Encrypted in transit (TLS)',
  behaviour: 'HTTPS only outside localhost',
  seeds: ['000', '002'],
  status: 'planned',
  code: [],
  tests: [],
  ...extra,
});

describe('promise registry schema', () => {
  it('accepts a well-formed registry', () => {
    const registry = [entry('SEC-1', { note: 'why' }), entry('SEC-2')];
    expect(parsePromiseRegistry(registry)).toEqual(registry);
  });

  it('rejects a bad status, naming the entry and field', () => {
    const bad = { ...entry('SEC-2'), status: 'done' };
    expect(() => parsePromiseRegistry([entry('SEC-1'), bad])).toThrow(
      /entry 1 \(SEC-2\): field "status" must be one of enforced, partial, planned/,
    );
  });

  it('rejects a duplicated ID, naming both entries', () => {
    expect(() => parsePromiseRegistry([entry('SEC-1'), entry('SEC-2'), entry('SEC-1')])).toThrow(
      /entry 2 \(SEC-1\): duplicated id "SEC-1" \(also entry 0\)/,
    );
  });

  it('rejects an entry missing a field, naming the entry and field', () => {
    const missing = without(entry('SEC-3'), 'behaviour');
    expect(() => parsePromiseRegistry([entry('SEC-1'), missing])).toThrow(
      /entry 1 \(SEC-3\): missing field "behaviour"/,
    );
  });

  it('rejects an unknown field and a malformed nested test link', () => {
    expect(() => parsePromiseRegistry([{ ...entry('SEC-1'), stauts: 'planned' }])).toThrow(
      /entry 0 \(SEC-1\): unknown field "stauts"/,
    );
    const badTest = entry('SEC-1', { tests: [{ file: 'server/src/a.test.ts', name: '' }] });
    expect(() => parsePromiseRegistry([badTest])).toThrow(
      /entry 0 \(SEC-1\): field "tests\[0\]\.name"/,
    );
  });

  it('names an entry without an ID by its index', () => {
    const noId = without(entry('SEC-1'), 'id');
    expect(() => parsePromiseRegistry([noId])).toThrow(/entry 0: missing field "id"/);
  });

  it('rejects a registry that is not an array', () => {
    expect(() => parsePromiseRegistry({ promises: [] })).toThrow(/expected an array/);
  });
});
