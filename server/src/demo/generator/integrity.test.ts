import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { generateDemoPractice } from './index.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FHIR_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Every string in a JSON value, with the path that leads to it. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

// Several seeds and a leap-day "today" catch edge cases a single run would miss.
const runs = [
  { seed: 1, patientCount: 50, now: NOW },
  { seed: 77, patientCount: 50, now: NOW },
  { seed: 5, patientCount: 30, now: new Date('2024-02-29T08:00:00Z') },
];

describe.each(runs)('record integrity (seed $seed, now $now)', (options) => {
  const practice = generateDemoPractice(options);

  it('resolves every reference within the patient compartment', () => {
    for (const { patient, resources } of practice.patients) {
      const known = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
      known.add(`Patient/${patient.id}`);
      for (const resource of resources) {
        for (const [path, value] of strings(resource)) {
          if (!path.endsWith('.reference') && path !== 'reference') continue;
          expect(known.has(value), `${resource.resourceType}.${path} → ${value}`).toBe(true);
          if (value.startsWith('Patient/')) expect(value).toBe(`Patient/${patient.id}`);
        }
      }
    }
  });

  it('ties every resource to its patient through subject or patient', () => {
    for (const { patient, resources } of practice.patients) {
      for (const r of resources as (Resource & {
        subject?: { reference?: string };
        patient?: { reference?: string };
      })[]) {
        const owner = r.subject?.reference ?? r.patient?.reference;
        expect(owner, r.resourceType).toBe(`Patient/${patient.id}`);
      }
    }
  });

  it('gives every resource a unique UUID-shaped id and a resourceType', () => {
    const ids = new Set<string>();
    const all: Resource[] = practice.patients.flatMap((p) => [p.patient, ...p.resources]);
    for (const r of all) {
      expect(r.resourceType).toBeTruthy();
      expect(r.id).toMatch(UUID_V4);
      ids.add(r.id ?? '');
    }
    for (const s of practice.staff) {
      expect(s.id).toMatch(UUID_V4);
      ids.add(s.id);
    }
    expect(ids.size).toBe(all.length + practice.staff.length);
  });

  it('dates everything before now', () => {
    let checked = 0;
    for (const { patient, resources } of practice.patients) {
      for (const r of [patient, ...resources]) {
        for (const [path, value] of strings(r)) {
          if (!FHIR_DATE.test(value)) continue;
          checked++;
          expect(Date.parse(value), `${r.resourceType}.${path} = ${value}`).toBeLessThan(
            options.now.getTime(),
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('dates clinical events after the patient was born', () => {
    for (const { patient, resources } of practice.patients) {
      const birth = Date.parse(patient.birthDate ?? '');
      for (const r of resources) {
        for (const [path, value] of strings(r)) {
          if (FHIR_DATE.test(value)) {
            expect(Date.parse(value), `${r.resourceType}.${path}`).toBeGreaterThanOrEqual(birth);
          }
        }
      }
    }
  });

  it('leaves versionId and lastUpdated to the store', () => {
    for (const { patient, resources } of practice.patients) {
      for (const r of [patient, ...resources]) {
        expect(r.meta?.versionId).toBeUndefined();
        expect(r.meta?.lastUpdated).toBeUndefined();
      }
    }
  });
});
