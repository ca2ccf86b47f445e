/**
 * A patient's own contact details (USE-2, DATA-2): phones, email, home address, emergency
 * contacts and preferred language, as they read and change them in the portal. The new Patient
 * version is built from the stored one field by field, so nothing else (name, birth date,
 * identifiers, the practice's own entries) can change through this workflow.
 */
import type { Address, Patient, PatientContact } from '@medplum/fhirtypes';
import { CONTACT_GROUPS, type ContactGroup } from './self-service-policy.js';

export type PhoneUse = 'mobile' | 'home' | 'work';

export interface OwnDetails {
  phones: { use: PhoneUse; value: string }[];
  email?: string;
  address?: { line: string[]; city: string; state?: string; postalCode?: string; country?: string };
  emergencyContacts: { name: string; relationship: string; phone: string }[];
  preferredLanguage?: string;
}

const V2_0131 = 'http://terminology.hl7.org/CodeSystem/v2-0131';
const BCP47 = 'urn:ietf:bcp:47';
const EMERGENCY = { system: V2_0131, code: 'C', display: 'Emergency Contact' };
const PHONE_USES: readonly string[] = ['mobile', 'home', 'work'];

const isHome = (a: Address) => a.use === undefined || a.use === 'home';
const isEmergency = (c: PatientContact) =>
  (c.relationship ?? []).some((r) => r.coding?.some((x) => x.system === V2_0131 && x.code === 'C'));

/** The details as the portal shows them, read from the Patient resource. */
export function ownDetailsOf(patient: Patient): OwnDetails {
  const telecom = patient.telecom ?? [];
  const home = (patient.address ?? []).find(isHome);
  const language =
    (patient.communication ?? []).find((c) => c.preferred) ?? patient.communication?.[0];
  const email = telecom.find((t) => t.system === 'email' && t.value)?.value;
  const code = language?.language.coding?.find((c) => c.system === BCP47)?.code;
  return {
    phones: telecom
      .filter((t) => t.system === 'phone' && t.value)
      .map((t) => ({
        use: (PHONE_USES.includes(t.use ?? '') ? t.use : 'home') as PhoneUse,
        value: t.value ?? '',
      })),
    ...(email ? { email } : {}),
    ...(home
      ? {
          address: {
            line: home.line ?? [],
            city: home.city ?? '',
            ...(home.state ? { state: home.state } : {}),
            ...(home.postalCode ? { postalCode: home.postalCode } : {}),
            ...(home.country ? { country: home.country } : {}),
          },
        }
      : {}),
    emergencyContacts: (patient.contact ?? []).filter(isEmergency).map((c) => ({
      name: c.name?.text ?? [...(c.name?.given ?? []), c.name?.family ?? ''].join(' ').trim(),
      relationship: c.relationship?.find((r) => r.text)?.text ?? '',
      phone: c.telecom?.find((t) => t.system === 'phone')?.value ?? '',
    })),
    ...(code ? { preferredLanguage: code } : {}),
  };
}

/** The stored Patient with only the own-details fields replaced by `details`. */
export function withOwnDetails(patient: Patient, details: OwnDetails): Patient {
  const otherTelecom = (patient.telecom ?? []).filter(
    (t) => t.system !== 'phone' && t.system !== 'email',
  );
  const telecom = [
    ...details.phones.map((p) => ({ system: 'phone' as const, value: p.value.trim(), use: p.use })),
    ...(details.email ? [{ system: 'email' as const, value: details.email.trim() }] : []),
    ...otherTelecom,
  ];
  const otherAddresses = (patient.address ?? []).filter((a) => !isHome(a));
  const home: Address[] = details.address
    ? [
        {
          use: 'home',
          line: details.address.line.map((l) => l.trim()).filter(Boolean),
          city: details.address.city.trim(),
          ...(details.address.state ? { state: details.address.state.trim() } : {}),
          ...(details.address.postalCode ? { postalCode: details.address.postalCode.trim() } : {}),
          ...(details.address.country ? { country: details.address.country.trim() } : {}),
        },
      ]
    : [];
  const otherContacts = (patient.contact ?? []).filter((c) => !isEmergency(c));
  const contacts: PatientContact[] = details.emergencyContacts.map((c) => ({
    relationship: [{ coding: [EMERGENCY] }, { text: c.relationship.trim() }],
    name: { text: c.name.trim() },
    telecom: [{ system: 'phone', value: c.phone.trim() }],
  }));
  const otherLanguages = (patient.communication ?? [])
    .filter((c) => !c.preferred)
    .filter((c) => !c.language.coding?.some((x) => x.code === details.preferredLanguage));
  const communication = details.preferredLanguage
    ? [
        {
          language: { coding: [{ system: BCP47, code: details.preferredLanguage }] },
          preferred: true,
        },
        ...otherLanguages,
      ]
    : (patient.communication ?? []).filter((c) => !c.preferred);

  const next: Patient = { ...patient };
  setOrDrop(next, 'telecom', telecom);
  setOrDrop(next, 'address', [...home, ...otherAddresses]);
  setOrDrop(next, 'contact', [...contacts, ...otherContacts]);
  setOrDrop(next, 'communication', communication);
  return next;
}

/** FHIR forbids empty arrays: a field left with nothing is removed. */
function setOrDrop<K extends 'telecom' | 'address' | 'contact' | 'communication'>(
  patient: Patient,
  key: K,
  value: NonNullable<Patient[K]>,
): void {
  if (value.length > 0) patient[key] = value;
  else delete patient[key];
}

/** The parts of the details each policy group covers. */
const GROUP_FIELDS: Record<ContactGroup, readonly (keyof OwnDetails)[]> = {
  contact: ['phones', 'email'],
  address: ['address'],
  emergencyContacts: ['emergencyContacts'],
  language: ['preferredLanguage'],
};

/** The groups whose values differ between two readings of the details. */
export function changedGroups(before: OwnDetails, after: OwnDetails): ContactGroup[] {
  return CONTACT_GROUPS.filter((group) =>
    GROUP_FIELDS[group].some(
      (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
    ),
  );
}
