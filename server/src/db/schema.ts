/**
 * Kysely's view of the tables, kept beside the SQL migrations in server/migrations. A column
 * added by a migration is added here in the same change. Domains with several tables keep their
 * interfaces in their own folder (`<domain>-tables.ts`), and HavenSchema extends them.
 */
import type { ColumnType, Generated } from 'kysely';
import type { ApiAuthTables } from '../api-auth/api-auth-tables.js';
import type { AuditTables } from '../audit/audit-tables.js';
import type { BillingTables } from '../billing/billing-tables.js';
import type { BreakGlassTables } from '../break-glass/break-glass-tables.js';
import type { CareTables } from '../care/care-tables.js';
import type { SearchTables } from '../fhir/search/search-tables.js';
import type { DisclosureTables } from '../disclosures/disclosure-tables.js';
import type { FeedTables } from '../feeds/hl7v2/feed-tables.js';
import type { IdentityTables } from '../identity/identity-tables.js';
import type { MfaTables } from '../identity/mfa/mfa-tables.js';
import type { ProxyTables } from '../identity/proxies/proxy-tables.js';
import type { SelfServiceTables } from '../own-details/self-service-tables.js';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface HavenMigrationTable {
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}

export interface PracticeTable {
  id: string;
  slug: string;
  name: string;
  created_at: CreatedAt;
}

export interface WrappedKeyColumns {
  wrapping_key_id: string;
  wrapped: Buffer;
  created_at: CreatedAt;
}

export interface PlatformKeyTable extends WrappedKeyColumns {
  id: 'platform';
}

export interface TenantKeyTable extends WrappedKeyColumns {
  tenant_id: string;
}

export interface PatientKeyTable extends WrappedKeyColumns {
  tenant_id: string;
  patient_id: string;
  /** 1 for a patient's first key; rotation adds the next (keys/patient-key-rotation.ts). */
  generation: Generated<number>;
  /** When new seals may start using this generation (the database's clock). */
  active_from: ColumnType<Date, Date | string | undefined, never>;
}

export interface AppUserTable {
  id: string;
  email_index: string;
  email_sealed: Buffer;
  name_sealed: Buffer;
  password_hash: string | null;
  created_at: CreatedAt;
  status: Generated<'active' | 'closed'>;
  date_of_birth_sealed: Buffer | null;
  locale: Generated<'en' | 'es'>;
  password_changed_at: ColumnType<
    Date | null,
    Date | string | null | undefined,
    Date | string | null
  >;
  mfa_email_enabled: Generated<boolean>;
}

export interface PracticeMembershipTable {
  tenant_id: string;
  user_id: string;
  role: string;
  created_at: CreatedAt;
}

export interface FhirResourceTable {
  tenant_id: string;
  resource_type: string;
  id: string;
  version_id: number;
  patient_id: string | null;
  last_updated: ColumnType<Date, Date | string, never>;
  deleted: Generated<boolean>;
  sealed: Buffer;
}

export interface HavenSchema
  extends
    ApiAuthTables,
    AuditTables,
    BillingTables,
    BreakGlassTables,
    CareTables,
    SearchTables,
    DisclosureTables,
    FeedTables,
    IdentityTables,
    MfaTables,
    ProxyTables,
    SelfServiceTables {
  haven_migration: HavenMigrationTable;
  practice: PracticeTable;
  platform_key: PlatformKeyTable;
  tenant_key: TenantKeyTable;
  patient_key: PatientKeyTable;
  app_user: AppUserTable;
  practice_membership: PracticeMembershipTable;
  fhir_resource: FhirResourceTable;
}
