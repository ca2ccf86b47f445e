import { describe, expect, it } from 'vitest';
import { changeFieldsFrom, changeRequestFrom, isCalendarDate } from './change-request-fields';
import type { Identity, IdentityField } from './use-self-service';

const identity: Identity = {
  givenNames: ['Mary Ann', 'Lou'],
  familyName: 'Smith',
  birthDate: '1980-04-02',
  gender: 'female',
};
const ALL: IdentityField[] = ['name', 'birthDate', 'gender'];

describe('a change request built from the form', () => {
  it('sends only what differs from what the practice holds, with the reason', () => {
    const fields = { ...changeFieldsFrom(identity), familyName: ' Jones ', reason: ' Married ' };
    expect(changeRequestFrom(fields, identity, ALL)).toEqual({
      body: {
        changes: { name: { givenNames: ['Mary Ann', 'Lou'], familyName: 'Jones' } },
        reason: 'Married',
      },
    });
  });

  it('splits changed given names on spaces, at most three', () => {
    const changed = { ...changeFieldsFrom(identity), givenNames: 'Mary  Lou ', reason: 'Typo' };
    expect(changeRequestFrom(changed, identity, ALL)).toEqual({
      body: {
        changes: { name: { givenNames: ['Mary', 'Lou'], familyName: 'Smith' } },
        reason: 'Typo',
      },
    });
    const many = { ...changed, givenNames: 'A B C D' };
    expect(changeRequestFrom(many, identity, ALL)).toEqual({
      problems: { givenNames: 'givenNamesTooMany' },
    });
  });

  it('asks for a reason, and for something to change', () => {
    expect(changeRequestFrom(changeFieldsFrom(identity), identity, ALL)).toEqual({
      problems: { reason: 'reasonMissing', form: 'nothingChanged' },
    });
  });

  it('refuses a date that is not a real day, and empty names', () => {
    const fields = {
      ...changeFieldsFrom(identity),
      givenNames: ' ',
      familyName: '',
      birthDate: '1980-02-30',
      reason: 'x',
    };
    expect(changeRequestFrom(fields, identity, ALL)).toEqual({
      problems: {
        givenNames: 'givenNamesMissing',
        familyName: 'familyNameMissing',
        birthDate: 'birthDateInvalid',
      },
    });
    const future = { ...changeFieldsFrom(identity), birthDate: '2030-01-02', reason: 'x' };
    expect(changeRequestFrom(future, identity, ALL, '2030-01-01')).toEqual({
      problems: { birthDate: 'birthDateFuture' },
    });
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
  });

  it('never sends a field the practice keeps, whatever was typed', () => {
    const fields = {
      ...changeFieldsFrom(identity),
      familyName: 'Jones',
      gender: 'other',
      reason: 'Update',
    };
    expect(changeRequestFrom(fields, identity, ['gender'])).toEqual({
      body: { changes: { gender: 'other' }, reason: 'Update' },
    });
    expect(changeRequestFrom(fields, identity, ['birthDate'])).toEqual({
      problems: { form: 'nothingChanged' },
    });
  });

  it('starts from no gender when none is recorded, and leaving it so is no change', () => {
    const none: Identity = { givenNames: ['Al'], familyName: 'Bo' };
    const fields = { ...changeFieldsFrom(none), birthDate: '2001-01-01', reason: 'Missing' };
    expect(fields.gender).toBe('');
    expect(changeRequestFrom(fields, none, ALL)).toEqual({
      body: { changes: { birthDate: '2001-01-01' }, reason: 'Missing' },
    });
  });
});
