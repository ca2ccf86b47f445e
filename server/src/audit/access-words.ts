/**
 * Plain words for the patient's "who accessed my record" list (ACC-7): what was done, to which
 * kind of data, and why, in the terms a patient uses rather than audit codes. The codes stay in
 * the answer too, so the portal can show them in the reader's language.
 */

const ACTIONS: Record<string, string> = {
  read: 'viewed',
  search: 'looked through',
  create: 'added to',
  update: 'changed',
  delete: 'removed from',
  export: 'exported',
  disclosure: 'shared outside the practice',
  consent_change: 'changed a consent on',
  break_glass: 'used emergency access to',
  role_change: 'changed who may see',
};

const CATEGORIES: Record<string, string> = {
  demographics: 'your personal details',
  clinical: 'your health conditions, allergies and care plans',
  notes: 'your visit notes',
  results: 'your test results',
  medications: 'your medications',
  scheduling: 'your appointments',
  messaging: 'your messages',
  coverage: 'your insurance and billing',
  consent: 'your consents',
  disclosure: 'the list of disclosures of your record',
  break_glass: 'the emergency access list',
  account: 'your account',
};

const PURPOSES: Record<string, string> = {
  TREAT: 'for your care',
  ETREAT: 'in an emergency (break-the-glass)',
  HPAYMT: 'for billing and payment',
  HOPERAT: 'to run the practice',
  PATRQT: 'at your request',
  HLEGAL: 'as required by law',
  PUBHLTH: 'for public health reporting',
  HRESCH: 'for research you agreed to',
  SYSADMIN: 'by Haven itself, automatically',
};

/** What a clinician said was the emergency, by its code (the explanation itself stays sealed). */
const BREAK_GLASS_REASONS: Record<string, string> = {
  emergency_care: 'emergency care',
  urgent_consult: 'an urgent consultation',
  patient_unreachable: 'care needed while you could not be reached',
  other: 'another reason they gave',
};

/** One sentence: "viewed your test results for your care". */
export function describeAccess(entry: {
  action: string;
  dataCategory: string | null;
  purposeOfUse: string | null;
  breakGlassReason?: string | null;
  /** The gate said no: nothing was seen, and the words must not say it was. */
  outcome?: string;
}): string {
  const what = (entry.dataCategory && CATEGORIES[entry.dataCategory]) ?? 'your record';
  if (entry.outcome === 'denied') return `was refused access to ${what}`;
  const action = ACTIONS[entry.action] ?? 'accessed';
  const why = entry.purposeOfUse ? PURPOSES[entry.purposeOfUse] : undefined;
  const emergency = entry.breakGlassReason
    ? ` (reason given: ${BREAK_GLASS_REASONS[entry.breakGlassReason] ?? 'another reason'})`
    : '';
  return `${action} ${what}${why ? ` ${why}` : ''}${emergency}`;
}
