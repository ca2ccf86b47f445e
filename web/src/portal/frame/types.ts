/** The shapes of GET /api/me/records (server/src/identity/proxy-routes/proxy-routes.ts). */

export interface CurrentRecord {
  tenantId: string;
  patientId: string;
  self: boolean;
  displayName: string | null;
}

export interface OwnAccount {
  tenantId: string;
  practiceName: string;
  patientId: string | null;
  status: string;
}

export interface ProxiedRecord {
  tenantId: string;
  practiceName: string;
  patientId: string;
  displayName: string | null;
  relationship: string;
  basis: string;
  scopes: string[];
  excludedCategories: string[];
  expiresAt: string | null;
}

export interface MyRecords {
  current: CurrentRecord | null;
  own: OwnAccount[];
  proxied: ProxiedRecord[];
}

/** The record the pages show, with what this person may do on it. */
export interface OpenRecord extends CurrentRecord {
  practiceName: string;
  /** Sensitivity codes hidden from this proxy (a teenager's confidential care); empty for self. */
  excludedCategories: string[];
  scopes: string[];
}
