import { describe, expect, it } from 'vitest';
import { validateFhirResource } from './index.js';
import { loadFhirPackages } from './load-packages.js';
import { sharedPath } from '../../../test/shared-data.js';

const US_CORE = sharedPath('data', 'uscore', 'us_core_610.tgz');

describe('loading implementation guides at start-up (HAVEN_FHIR_PACKAGES)', () => {
  it('loads the named packages, so their profiles are enforced', () => {
    const loaded = loadFhirPackages(` ${US_CORE} ,`);
    expect(loaded.guides).toHaveLength(1);
    expect(loaded.guides[0]?.profiles).toBeGreaterThan(40);
    expect(loaded.guides[0]?.skipped.some((url) => url.includes('provenance'))).toBe(true);
    const claimed = validateFhirResource({
      resourceType: 'Patient',
      meta: { profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'] },
      gender: 'female',
    });
    expect(claimed.ok).toBe(false);
  });

  it('stops the start naming a package it cannot read', () => {
    expect(() => loadFhirPackages('/nowhere/guide.tgz')).toThrow(/\/nowhere\/guide\.tgz/);
  });

  it('loads nothing when the setting is empty', () => {
    expect(loadFhirPackages('').guides).toEqual([]);
  });
});
