-- The current state of each resource and what it is found by (FHIR search, issue #5).
--
-- fhir_current: one row per resource naming its newest version, so reads by id, compartment
-- listings and searches never scan history. Derived from fhir_resource (which stays
-- insert-only history): the application keeps it in step in the same transaction as each new
-- version.
CREATE TABLE fhir_current (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  resource_type text NOT NULL,
  id uuid NOT NULL,
  version_id integer NOT NULL,
  patient_id uuid,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL,
  PRIMARY KEY (tenant_id, resource_type, id)
);
CREATE INDEX fhir_current_compartment
  ON fhir_current (tenant_id, patient_id, resource_type, last_updated);
CREATE INDEX fhir_current_updated ON fhir_current (tenant_id, resource_type, last_updated);

-- Resources written before this table existed.
INSERT INTO fhir_current (tenant_id, resource_type, id, version_id, patient_id, last_updated, deleted)
SELECT DISTINCT ON (tenant_id, resource_type, id)
  tenant_id, resource_type, id, version_id, patient_id, last_updated, deleted
FROM fhir_resource
ORDER BY tenant_id, resource_type, id, version_id DESC;

-- fhir_search_token: exact-match terms of the current version (codes, identifiers, names and
-- their prefixes, references, birth dates), each a keyed HMAC under the tenant's blind-index
-- key over (type, parameter, term): equal values in different parameters do not correlate, and
-- nothing here is readable without the tenant key.
CREATE TABLE fhir_search_token (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  resource_type text NOT NULL,
  param text NOT NULL,
  term text NOT NULL,
  id uuid NOT NULL,
  PRIMARY KEY (tenant_id, resource_type, param, term, id)
);
CREATE INDEX fhir_search_token_resource ON fhir_search_token (tenant_id, resource_type, id);

-- fhir_search_date: clinical dates of the current version as closed ranges, in clear for range
-- queries (ARCHITECTURE.md: timestamps name no one; birth dates are never stored here).
CREATE TABLE fhir_search_date (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  resource_type text NOT NULL,
  id uuid NOT NULL,
  param text NOT NULL,
  low timestamptz NOT NULL,
  high timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, resource_type, id, param, low, high)
);
CREATE INDEX fhir_search_date_range ON fhir_search_date (tenant_id, resource_type, param, low);

SELECT haven_add_tenant_wall('fhir_current');
SELECT haven_add_tenant_wall('fhir_search_token');
SELECT haven_add_tenant_wall('fhir_search_date');

-- Derived state: rewritten with each version, so the application role may change it.
GRANT SELECT, INSERT, UPDATE, DELETE ON fhir_current, fhir_search_token, fhir_search_date TO haven_app;
