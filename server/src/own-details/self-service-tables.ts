/** Kysely's view of the self-service policy table (migration 20261125T0400). */
export interface PracticeSelfServicePolicyTable {
  tenant_id: string;
  contact: 'self' | 'practice';
  address: 'self' | 'practice';
  emergency_contacts: 'self' | 'practice';
  language: 'self' | 'practice';
  name: 'request' | 'practice';
  birth_date: 'request' | 'practice';
  gender: 'request' | 'practice';
  updated_at: Date;
}

export interface SelfServiceTables {
  practice_self_service_policy: PracticeSelfServicePolicyTable;
}
