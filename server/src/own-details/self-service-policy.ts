/**
 * What a practice lets its patients change themselves (DATA-1: "editable by the patient where
 * the practice allows"). Contact details are the patient's to change unless the practice keeps
 * them (some verify an address against insurance before changing it). Name, birth date and
 * gender identify the patient to labs, payers and other providers, so a patient never rewrites
 * them: they ask, and staff check and apply the change (or the practice takes them at the desk
 * only).
 */
import type { HavenDatabase } from '../db/database.js';
import { tenantTransaction, type Tx } from '../db/transactions.js';

export type ContactMode = 'self' | 'practice';
export type IdentityMode = 'request' | 'practice';

export interface SelfServicePolicy {
  /** Phones and email. */
  contact: ContactMode;
  address: ContactMode;
  emergencyContacts: ContactMode;
  language: ContactMode;
  name: IdentityMode;
  birthDate: IdentityMode;
  gender: IdentityMode;
}

/** The groups of contact details, as the own-details form groups them. */
export const CONTACT_GROUPS = ['contact', 'address', 'emergencyContacts', 'language'] as const;
export type ContactGroup = (typeof CONTACT_GROUPS)[number];

/** The identity fields a patient may ask to change. */
export const IDENTITY_FIELDS = ['name', 'birthDate', 'gender'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const DEFAULT_SELF_SERVICE_POLICY: Readonly<SelfServicePolicy> = {
  contact: 'self',
  address: 'self',
  emergencyContacts: 'self',
  language: 'self',
  name: 'request',
  birthDate: 'request',
  gender: 'request',
};

/** The practice's policy, or the defaults when it has not set one. */
export async function readSelfServicePolicy(tx: Tx, tenantId: string): Promise<SelfServicePolicy> {
  const row = await tx
    .selectFrom('practice_self_service_policy')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_SELF_SERVICE_POLICY };
  return {
    contact: row.contact,
    address: row.address,
    emergencyContacts: row.emergency_contacts,
    language: row.language,
    name: row.name,
    birthDate: row.birth_date,
    gender: row.gender,
  };
}

/** The practice's policy, in a transaction of its own. */
export function loadSelfServicePolicy(
  db: HavenDatabase,
  tenantId: string,
): Promise<SelfServicePolicy> {
  return tenantTransaction(db, tenantId, (tx) => readSelfServicePolicy(tx, tenantId));
}

export async function saveSelfServicePolicy(
  tx: Tx,
  tenantId: string,
  policy: SelfServicePolicy,
  now: Date,
): Promise<void> {
  const values = {
    contact: policy.contact,
    address: policy.address,
    emergency_contacts: policy.emergencyContacts,
    language: policy.language,
    name: policy.name,
    birth_date: policy.birthDate,
    gender: policy.gender,
    updated_at: now,
  };
  await tx
    .insertInto('practice_self_service_policy')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((c) => c.column('tenant_id').doUpdateSet(values))
    .execute();
}
