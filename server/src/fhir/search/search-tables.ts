/**
 * Kysely types of the current-state and search-index tables, kept beside the SQL in
 * server/migrations/20261125T0210_fhir_search_index.sql; HavenSchema (db/schema.ts) extends this.
 */
import type { ColumnType } from 'kysely';

export interface FhirCurrentTable {
  tenant_id: string;
  resource_type: string;
  id: string;
  version_id: number;
  patient_id: string | null;
  last_updated: ColumnType<Date, Date | string, Date | string>;
  deleted: boolean;
}

export interface FhirSearchTokenTable {
  tenant_id: string;
  resource_type: string;
  param: string;
  term: string;
  id: string;
}

export interface FhirSearchDateTable {
  tenant_id: string;
  resource_type: string;
  id: string;
  param: string;
  low: ColumnType<Date, Date | string, Date | string>;
  high: ColumnType<Date, Date | string, Date | string>;
}

export interface SearchTables {
  fhir_current: FhirCurrentTable;
  fhir_search_token: FhirSearchTokenTable;
  fhir_search_date: FhirSearchDateTable;
}
