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

  it('never fails on a code it does not know', () => {
    expect(describeAccess({ action: 'key_rotation', dataCategory: null, purposeOfUse: null })).toBe(
      'accessed your record',
    );
  });
});
