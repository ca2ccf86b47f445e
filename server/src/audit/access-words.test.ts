import { describe, expect, it } from 'vitest';
import { describeAccess } from './access-words.js';

describe('plain words for an access', () => {
  it('says what was done to which kind of data, and why', () => {
    expect(describeAccess({ action: 'read', dataCategory: 'results', purposeOfUse: 'TREAT' })).toBe(
      'viewed your test results for your care',
    );
    expect(
      describeAccess({
        action: 'read',
        dataCategory: 'clinical',
        purposeOfUse: 'ETREAT',
        breakGlassReason: 'emergency_care',
      }),
    ).toBe(
      'viewed your health conditions, allergies and care plans in an emergency (break-the-glass) (reason given: emergency care)',
    );
  });

  it('says a refused attempt was refused, never that the data was seen', () => {
    expect(
      describeAccess({
        action: 'search',
        dataCategory: 'coverage',
        purposeOfUse: null,
        outcome: 'denied',
      }),
    ).toBe('was refused access to your insurance and billing');
  });

  it('never fails on a code it does not know', () => {
    expect(describeAccess({ action: 'key_rotation', dataCategory: null, purposeOfUse: null })).toBe(
      'accessed your record',
    );
  });
});
