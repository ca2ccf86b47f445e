import { describe, expect, it } from 'vitest';
import { applyFieldMask, PATIENT_ADMIN_MASK } from './field-mask.js';

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { security: [{ code: 'PSY' }] },
  text: { div: '<div>history of depression</div>' },
  extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race' }],
  name: [{ family: 'Doe' }],
  birthDate: '1980-01-01',
  address: [{ city: 'Springfield' }],
  deceasedBoolean: false,
};

describe('applyFieldMask', () => {
  it('keeps only the administrative Patient fields', () => {
    expect(applyFieldMask(patient, PATIENT_ADMIN_MASK)).toEqual({
      resourceType: 'Patient',
      id: 'p1',
      name: [{ family: 'Doe' }],
      birthDate: '1980-01-01',
      address: [{ city: 'Springfield' }],
    });
  });

  it('keeps the version (for If-Match) but never the labels, tags or profiles in meta', () => {
    const stored = {
      ...patient,
      meta: {
        versionId: '3',
        lastUpdated: '2026-11-25T08:00:00.000Z',
        security: [{ code: 'PSY' }],
        tag: [{ code: 'x' }],
        profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'],
      },
    };
    expect(applyFieldMask(stored, PATIENT_ADMIN_MASK).meta).toEqual({
      versionId: '3',
      lastUpdated: '2026-11-25T08:00:00.000Z',
    });
  });

  it('does not change its input, and returns everything without a mask', () => {
    const copy = structuredClone(patient);
    applyFieldMask(patient, PATIENT_ADMIN_MASK);
    expect(patient).toEqual(copy);
    expect(applyFieldMask(patient, undefined)).toEqual(patient);
  });

  it('refuses a resource of another type rather than leak it', () => {
    expect(() =>
      applyFieldMask({ resourceType: 'Observation', id: 'o' }, PATIENT_ADMIN_MASK),
    ).toThrow(/another resource type/);
  });
});
