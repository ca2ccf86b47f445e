/**
 * The details form's fields as strings (what the person typed, kept whatever happens) and
 * their conversion to and from the API's shape. Incomplete groups are caught here, before
 * anything is sent, so the message sits next to the group.
 */
import type { OwnDetails, PhoneUse } from './use-details';
import type { ContactGroup } from './use-self-service';

export const PHONE_USES: PhoneUse[] = ['mobile', 'home', 'work'];

export interface ContactFields {
  name: string;
  relationship: string;
  phone: string;
}

export interface DetailsFields {
  phones: Record<PhoneUse, string>;
  email: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  contacts: ContactFields[];
  language: string;
}

export function fieldsFrom(details: OwnDetails): DetailsFields {
  const phone = (use: PhoneUse) => details.phones.find((p) => p.use === use)?.value ?? '';
  const address = details.address;
  return {
    phones: { mobile: phone('mobile'), home: phone('home'), work: phone('work') },
    email: details.email ?? '',
    line1: address?.line[0] ?? '',
    line2: address?.line[1] ?? '',
    city: address?.city ?? '',
    state: address?.state ?? '',
    postalCode: address?.postalCode ?? '',
    country: address?.country ?? '',
    contacts: details.emergencyContacts.map((c) => ({ ...c })),
    language: details.preferredLanguage ?? '',
  };
}

export type FormProblem = 'addressIncomplete' | { contactIncomplete: number };

/** The API body, or the first group left half-filled. */
export function detailsFrom(
  fields: DetailsFields,
): { details: OwnDetails } | { problem: FormProblem } {
  const addressTyped = [fields.line1, fields.line2, fields.city, fields.state, fields.postalCode]
    .concat(fields.country)
    .some((v) => v.trim() !== '');
  if (addressTyped && (fields.line1.trim() === '' || fields.city.trim() === '')) {
    return { problem: 'addressIncomplete' };
  }
  const contacts = fields.contacts.filter((c) =>
    [c.name, c.relationship, c.phone].some((v) => v.trim()),
  );
  const half = fields.contacts.findIndex(
    (c) =>
      [c.name, c.relationship, c.phone].some((v) => v.trim()) &&
      [c.name, c.relationship, c.phone].some((v) => !v.trim()),
  );
  if (half >= 0) return { problem: { contactIncomplete: half } };
  const optional = (value: string) => (value.trim() ? value.trim() : undefined);
  return {
    details: {
      phones: PHONE_USES.filter((use) => fields.phones[use].trim()).map((use) => ({
        use,
        value: fields.phones[use].trim(),
      })),
      ...(optional(fields.email) ? { email: fields.email.trim() } : {}),
      ...(addressTyped
        ? {
            address: {
              line: [fields.line1, fields.line2].map((l) => l.trim()).filter(Boolean),
              city: fields.city.trim(),
              ...(optional(fields.state) ? { state: fields.state.trim() } : {}),
              ...(optional(fields.postalCode) ? { postalCode: fields.postalCode.trim() } : {}),
              ...(optional(fields.country) ? { country: fields.country.trim() } : {}),
            },
          }
        : {}),
      emergencyContacts: contacts.map((c) => ({
        name: c.name.trim(),
        relationship: c.relationship.trim(),
        phone: c.phone.trim(),
      })),
      ...(fields.language ? { preferredLanguage: fields.language } : {}),
    },
  };
}

/**
 * The body to send: the practice's own groups go back exactly as stored, whatever the fields
 * hold, so saving the rest never asks to change what only the practice changes.
 */
export function withKeptGroups(
  sent: OwnDetails,
  stored: OwnDetails,
  kept: readonly ContactGroup[],
): OwnDetails {
  const body: OwnDetails = { ...sent };
  if (kept.includes('contact')) {
    body.phones = stored.phones;
    if (stored.email === undefined) delete body.email;
    else body.email = stored.email;
  }
  if (kept.includes('address')) {
    if (stored.address === undefined) delete body.address;
    else body.address = stored.address;
  }
  if (kept.includes('emergencyContacts')) body.emergencyContacts = stored.emergencyContacts;
  if (kept.includes('language')) {
    if (stored.preferredLanguage === undefined) delete body.preferredLanguage;
    else body.preferredLanguage = stored.preferredLanguage;
  }
  return body;
}
