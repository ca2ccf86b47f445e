import { describe, expect, it } from 'vitest';
import { withKeptGroups } from './details-form-state';
import type { OwnDetails } from './use-details';

const stored: OwnDetails = {
  phones: [{ use: 'home', value: '555-0100' }],
  email: 'ann@example.org',
  address: { line: ['1 Main St', 'Flat 2', 'Rear'], city: 'Springfield' },
  emergencyContacts: [{ name: 'Bo', relationship: 'Brother', phone: '555-0101' }],
};
const typed: OwnDetails = {
  phones: [{ use: 'mobile', value: '555-0199' }],
  address: { line: ['9 Elm St'], city: 'Shelbyville' },
  emergencyContacts: [],
  preferredLanguage: 'es',
};

describe('what the details form sends when the practice keeps some groups', () => {
  it('sends everything as typed when the patient may change it all', () => {
    expect(withKeptGroups(typed, stored, [])).toEqual(typed);
  });

  it('sends the kept groups exactly as stored, the others as typed', () => {
    expect(withKeptGroups(typed, stored, ['address', 'language'])).toEqual({
      phones: [{ use: 'mobile', value: '555-0199' }],
      address: stored.address,
      emergencyContacts: [],
    });
    expect(withKeptGroups(typed, stored, ['contact', 'emergencyContacts'])).toEqual({
      phones: stored.phones,
      email: 'ann@example.org',
      address: typed.address,
      emergencyContacts: stored.emergencyContacts,
      preferredLanguage: 'es',
    });
  });
});
