// US Core 6.1.0 from the package in ../shared/data (outside test data; Haven neither ships nor
// downloads it): loading, its own examples, and refusals that only the profile explains.
import { existsSync, readFileSync } from 'node:fs';
import { validateResource } from '@medplum/core';
import type { Patient, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { loadImplementationGuide } from './implementation-guide.js';
import { validateProfile } from './medplum-validator.js';
import { readTgz } from './tar-reader.js';
import { assertValidResource, validateFhirResource } from './validate-resource.js';
import { sharedPath } from '../../../test/shared-data.js';

const tgz = sharedPath('data', 'uscore', 'us_core_610.tgz');
const present = existsSync(tgz);
if (!present) {
  process.stderr.write(`\n*** ${tgz} is missing: the US Core tests are SKIPPED. ***\n\n`);
}

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
const files = present ? readTgz(readFileSync(tgz)) : [];
const json = (path: string): Resource =>
  JSON.parse(files.find((f) => f.path === path)?.data.toString('utf8') ?? '{}') as Resource;
const examples = files.filter((f) => /^package\/example\/[^/]+\.json$/.test(f.path));
// Claimed by examples but not loadable: us-core-provenance (medplum rejects its slicing) and
// SDC Questionnaire (from another guide, not in this package).
const UNAVAILABLE = [
  `${US_CORE}us-core-provenance`,
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire',
];

describe.skipIf(!present)('US Core 6.1.0 package', () => {
  const guide = present ? loadImplementationGuide(tgz) : undefined;

  it('loads its resource profiles once, and reports us-core-provenance as skipped', () => {
    expect(guide).toMatchObject({ name: 'hl7.fhir.us.core', version: '6.1.0' });
    expect(guide?.profiles).toContain(`${US_CORE}us-core-patient`);
    expect(guide?.profiles.length).toBeGreaterThan(40);
    expect(guide?.skipped).toEqual([
      { url: `${US_CORE}us-core-provenance`, reason: expect.stringContaining('slice') as unknown },
    ]);
    expect(loadImplementationGuide(tgz)).toBe(guide);
  });

  it('validates every example that claims a loaded profile', () => {
    expect(examples.length).toBe(183);
    const failures: string[] = [];
    for (const { path } of examples) {
      const resource = json(path);
      const claims = resource.meta?.profile ?? [];
      const result = validateFhirResource(resource);
      const expected = claims.some((c) => UNAVAILABLE.includes(c)) ? 'unavailable' : 'ok';
      const got = result.ok
        ? 'ok'
        : result.issues.every((i) => /not available/.test(i.message))
          ? 'unavailable'
          : 'invalid';
      if (got !== expected) {
        failures.push(
          `${path}: ${result.ok ? 'ok' : result.issues.map((i) => `${i.location}: ${i.message}`).join('; ')}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  const patient = json('package/example/Patient-example.json') as Patient;
  const refusal = (resource: unknown): AppError => {
    try {
      assertValidResource(resource);
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    throw new Error('expected a refusal');
  };

  it('validates the examples against their profile, not only base R4', () => {
    const claiming = examples.filter(({ path }) =>
      (json(path).meta?.profile ?? []).some(
        (c) => c.startsWith(US_CORE) && !UNAVAILABLE.includes(c),
      ),
    );
    expect(claiming.length).toBeGreaterThan(150);
  });

  it('refuses a US Core Patient without identifier and name with 422 at each location', () => {
    const { identifier: _i, name: _n, ...bare } = patient;
    expect(validateFhirResource(bare, { profiles: false }).ok).toBe(true);
    const err = refusal(bare);
    expect(err.status).toBe(422);
    expect(err.issues).toEqual([
      {
        location: 'Patient.identifier',
        message: expect.stringContaining('US Core Patient Profile') as unknown,
      },
      {
        location: 'Patient.name',
        message: expect.stringContaining('US Core Patient Profile') as unknown,
      },
    ]);
  });

  it('matches medplum validateResource(resource, { profile }) on broken variants', () => {
    const sd = json('package/StructureDefinition-us-core-patient.json') as StructureDefinition;
    const slow = (r: Resource): string[] => {
      try {
        validateResource(r, { profile: sd });
        return [];
      } catch (err) {
        const issues =
          (err as { outcome?: { issue?: { expression?: string[] }[] } }).outcome?.issue ?? [];
        return issues.map((i) => i.expression?.[0] ?? '');
      }
    };
    const variants: Patient[] = [
      patient,
      { ...patient, identifier: undefined },
      { ...patient, name: [{ text: 'x' }], gender: undefined },
      { ...patient, identifier: [{ value: '1' }] },
      { ...patient, extension: [{ url: `${US_CORE}us-core-race`, valueString: 'x' }] },
    ];
    let refused = 0;
    for (const variant of variants) {
      const fast = validateProfile(variant, sd.url, 'p').filter((i) => i.severity === 'error');
      expect(fast.map((i) => i.location)).toEqual(slow(variant));
      refused += fast.length > 0 ? 1 : 0;
    }
    expect(refused).toBeGreaterThanOrEqual(3);
  });

  it('honours a version in the claim', () => {
    const claim = (v: string): Patient => ({
      ...patient,
      meta: { profile: [`${US_CORE}us-core-patient|${v}`] },
    });
    expect(validateFhirResource(claim('6.1.0')).ok).toBe(true);
    expect(refusal(claim('5.0.1')).issues[0]?.message).toMatch(/not available/);
  });

  it('refuses a profile claimed by the wrong resource type', () => {
    const observation = json('package/example/Observation-bmi.json');
    const err = refusal({ ...observation, meta: { profile: [`${US_CORE}us-core-patient`] } });
    expect(err.status).toBe(422);
    expect(err.issues).toEqual([
      {
        location: 'Observation.meta.profile[0]',
        message: expect.stringContaining('another resource type') as unknown,
      },
    ]);
  });

  it('refuses a resource claiming us-core-provenance as "profile not available"', () => {
    const provenance = json('package/example/Provenance-example-targeted-provenance.json');
    const err = refusal(provenance);
    expect(err.status).toBe(422);
    expect(err.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^Profile not available/) as unknown,
    ]);
  });

  it('reports a structural problem as 400 without repeating it per profile', () => {
    const err = refusal({ ...patient, birthDate: 19700101 });
    expect(err.status).toBe(400);
    expect(err.issues).toEqual([
      { location: 'Patient.birthDate', message: expect.any(String) as unknown },
    ]);
  });
});
