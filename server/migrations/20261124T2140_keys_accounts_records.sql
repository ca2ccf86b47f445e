-- Foundation: wrapped data keys (envelope encryption), accounts and practice memberships, and
-- the versioned, encrypted FHIR resource store. Nothing here holds a name, contact detail or
-- clinical value in clear: those live inside AES-256-GCM ciphertexts (columns named *_sealed
-- or `sealed`), and exact-match lookups use blind indexes (*_index).

-- Data keys, each wrapped by its parent: platform and tenant keys by the master key, patient
-- keys by their tenant's key. Deleting a patient key crypto-shreds that patient's data.
CREATE TABLE platform_key (
  id text PRIMARY KEY CHECK (id = 'platform'),
  wrapping_key_id text NOT NULL,
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tenant_key (
  tenant_id uuid PRIMARY KEY REFERENCES practice (id),
  wrapping_key_id text NOT NULL,
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE patient_key (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  patient_id uuid NOT NULL,
  wrapping_key_id text NOT NULL,
  wrapped bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, patient_id)
);

-- A person with a sign-in. One account per person, across practices; identity fields are
-- sealed with the platform key, and the email is found by its blind index.
CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  email_index text NOT NULL UNIQUE,
  email_sealed bytea NOT NULL,
  name_sealed bytea NOT NULL,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The roles a person holds in a practice.
CREATE TABLE practice_membership (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  role text NOT NULL CHECK (role IN ('clinician', 'nurse', 'front_desk', 'billing',
    'practice_admin', 'privacy_officer', 'researcher')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, role)
);

-- Every version of every FHIR resource. In clear: tenant, type, id, version, the patient
-- compartment (an opaque id, which decides the encryption key), time of the change and whether
-- it is a delete. The resource itself is sealed with the patient's key (or the tenant's key for
-- resources outside a patient compartment), with tenant, type, id and version bound as
-- associated data.
CREATE TABLE fhir_resource (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  resource_type text NOT NULL CHECK (resource_type ~ '^[A-Z][A-Za-z]{1,63}$'),
  id uuid NOT NULL,
  version_id integer NOT NULL CHECK (version_id > 0),
  patient_id uuid,
  last_updated timestamptz NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  sealed bytea NOT NULL,
  PRIMARY KEY (tenant_id, resource_type, id, version_id)
);
CREATE INDEX fhir_resource_compartment ON fhir_resource (tenant_id, patient_id, resource_type);

-- The tenant wall on every tenant-owned table.
SELECT haven_add_tenant_wall('tenant_key');
SELECT haven_add_tenant_wall('patient_key');
SELECT haven_add_tenant_wall('practice_membership');
SELECT haven_add_tenant_wall('fhir_resource');

GRANT SELECT, INSERT ON tenant_key, patient_key, fhir_resource TO haven_app;
GRANT SELECT, INSERT, DELETE ON practice_membership TO haven_app;
