import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.js';
import { assertValidResource, validateFhirResource } from './validate-resource.js';
import type { ValidationIssue } from './validation-types.js';

const SECRET = 'Zebulon-4711';
const patient = { resourceType: 'Patient', gender: 'female', birthDate: '1970-01-01' };
const observation = {
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
};

function issuesOf(resource: unknown): readonly ValidationIssue[] {
  const result = validateFhirResource(resource);
  return result.ok ? [] : result.issues;
}

function refusal(resource: unknown): AppError {
  try {
    assertValidResource(resource);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('validateFhirResource', () => {
  it('accepts a minimal valid Patient and Observation', () => {
    expect(validateFhirResource(patient)).toEqual({ ok: true, warnings: [] });
    expect(validateFhirResource(observation).ok).toBe(true);
  });

  it('refuses values that are not JSON objects', () => {
    for (const value of [null, 42, SECRET, [patient]]) {
      expect(validateFhirResource(value)).toMatchObject({ ok: false, failure: 'structure' });
    }
  });

  it('names a missing resourceType', () => {
    expect(issuesOf({ gender: 'male' })).toEqual([
      { location: 'resourceType', message: 'resourceType is missing', severity: 'error' },
    ]);
  });

  it('refuses an unknown resourceType, and Medplum-only types, without echoing it', () => {
    for (const resourceType of [SECRET, 'Bot', 'DomainResource', 42]) {
      const issues = issuesOf({ resourceType });
      expect(issues).toHaveLength(1);
      expect(issues[0]?.location).toBe('resourceType');
      expect(issues[0]?.message).toMatch(/not a FHIR R4 resource type/);
    }
  });

  it('refuses a field of the wrong type with its location (birthDate: 42)', () => {
    const err = refusal({ ...patient, birthDate: 4242 });
    expect(err.status).toBe(400);
    expect(err.code).toBe('validation_failed');
    expect(err.issues).toEqual([
      { location: 'Patient.birthDate', message: expect.any(String) as unknown },
    ]);
    expect(JSON.stringify(err.issues)).not.toContain('4242');
  });

  it('refuses an unknown property with its location', () => {
    const issues = issuesOf({ ...patient, favouriteColour: SECRET });
    expect(issues.map((i) => i.location)).toEqual(['Patient.favouriteColour']);
  });

  it('refuses Medplum-only Meta fields a client must not set', () => {
    const issues = issuesOf({ ...patient, meta: { project: 'p1', versionId: '1' } });
    expect(issues.map((i) => i.location)).toEqual(['Patient.meta.project']);
  });

  it('refuses a gender outside administrative-gender with 422', () => {
    const err = refusal({ ...patient, gender: SECRET });
    expect(err.status).toBe(422);
    expect(err.code).toBe('unprocessable');
    expect(err.issues).toEqual([
      {
        location: 'Patient.gender',
        message: expect.stringContaining('administrative-gender') as unknown,
      },
    ]);
  });

  it('refuses an Observation without status and code, naming both', () => {
    const err = refusal({ resourceType: 'Observation', valueString: SECRET });
    expect(err.status).toBe(400);
    expect(err.issues.map((i) => i.location)).toEqual(['Observation.status', 'Observation.code']);
  });

  it.each([
    ['Observation', 'status', 'final'],
    ['MedicationRequest', 'intent', 'order'],
    ['Encounter', 'status', 'finished'],
    ['Consent', 'status', 'active'],
    ['DocumentReference', 'status', 'current'],
  ])('checks the required codes of %s.%s', (resourceType, field, good) => {
    const bad = { resourceType, [field]: 'not-a-code' };
    expect(issuesOf(bad).map((i) => i.location)).toContain(`${resourceType}.${field}`);
    expect(issuesOf({ resourceType, [field]: good }).map((i) => i.location)).not.toContain(
      `${resourceType}.${field}`,
    );
  });

  it('takes nested codes from the value set (observation-status amended > corrected)', () => {
    expect(validateFhirResource({ ...observation, status: 'corrected' }).ok).toBe(true);
  });

  it('checks the HL7 coding of Condition.clinicalStatus and verificationStatus', () => {
    const system = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/1' },
      clinicalStatus: {
        coding: [
          { system: 'http://example.org', code: 'x' },
          { system, code: SECRET },
        ],
      },
      verificationStatus: { text: 'confirmed' },
    };
    const issues = issuesOf(condition);
    expect(issues.map((i) => i.location)).toEqual([
      'Condition.clinicalStatus.coding[1].code',
      'Condition.verificationStatus',
    ]);
    expect(JSON.stringify(issues)).not.toContain(SECRET);
    const fixed = {
      ...condition,
      clinicalStatus: { coding: [{ system, code: 'remission' }] },
      verificationStatus: undefined,
    };
    expect(validateFhirResource(fixed).ok).toBe(true);
  });

  it('refuses a claimed profile Haven has not loaded with 422', () => {
    const claim = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';
    const err = refusal({ ...patient, meta: { profile: [claim] } });
    expect(err.status).toBe(422);
    expect(err.issues).toEqual([
      {
        location: 'Patient.meta.profile[0]',
        message: expect.stringMatching(/not available/) as unknown,
      },
    ]);
  });

  it('accepts a claim of the base R4 definition itself', () => {
    const meta = { profile: ['http://hl7.org/fhir/StructureDefinition/Patient'] };
    expect(validateFhirResource({ ...patient, meta }).ok).toBe(true);
  });

  it('reports structural problems (400) together with terminology ones', () => {
    const result = validateFhirResource({ ...patient, gender: 'x', birthDate: 1 });
    expect(result).toMatchObject({ ok: false, failure: 'structure' });
    expect(result.ok ? [] : result.issues.map((i) => i.location)).toEqual([
      'Patient.birthDate',
      'Patient.gender',
    ]);
  });

  it('never puts the offending values in messages', () => {
    const bad = {
      ...patient,
      gender: SECRET,
      name: [{ family: 42, given: [SECRET, ' '] }],
      telecom: SECRET,
      birthDate: `${SECRET}-01-01`,
      [SECRET]: SECRET,
    };
    const issues = issuesOf(bad);
    expect(issues.length).toBeGreaterThanOrEqual(4);
    expect(issues.map((i) => i.message).join('\n')).not.toContain(SECRET);
  });
});

describe('one patient per resource', () => {
  it('refuses an appointment naming two patients with 422 at its participants', () => {
    const err = refusal({
      resourceType: 'Appointment',
      status: 'booked',
      start: '2026-12-01T09:00:00Z',
      end: '2026-12-01T09:20:00Z',
      participant: [
        {
          actor: { reference: 'Patient/0b7e2a52-6f1d-4c1e-9a43-8d2b7f0c1a11' },
          status: 'accepted',
        },
        {
          actor: { reference: 'Patient/5c3d9e8f-2a4b-4f6c-8d1e-3b7a9c0d2e22' },
          status: 'accepted',
        },
      ],
    });
    expect(err.status).toBe(422);
    expect(err.issues).toEqual([
      {
        location: 'Appointment.participant',
        message: expect.stringContaining('more than one patient') as unknown,
      },
    ]);
  });
});
