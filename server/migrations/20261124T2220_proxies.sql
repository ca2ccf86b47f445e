-- Proxy access (CHILD-1, CHILD-2): a parent, guardian or caregiver acting for a patient of one
-- practice, the practice's policy on what a teenager's guardian may not see, and the guardian
-- consents that make a teenager's own account active. All three are tenant data. Nothing here is
-- health data in clear: patient and user ids are random UUIDs, and dates of birth stay in the
-- sealed Patient resource (so no "ends at 18th birthday" column, which would reveal one).

-- What a teenager's guardian does not see, as v3 ActCode sensitivity codes. No row means the
-- default in policy.ts (SEX, PSY, ETH, HIV).
CREATE TABLE practice_teen_policy (
  tenant_id uuid PRIMARY KEY REFERENCES practice (id),
  excluded_categories text[] NOT NULL CHECK (
    excluded_categories <@ ARRAY['SEX', 'PSY', 'ETH', 'HIV', 'GDIS', 'BH', 'SDV', 'STD']::text[]
  ),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One grant of proxy access. Rows are never deleted and only revocation changes them, once: the
-- history of who could act for a patient, and when, stays readable.
CREATE TABLE proxy_grant (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  patient_id uuid NOT NULL,
  proxy_user_id uuid NOT NULL REFERENCES app_user (id),
  relationship text NOT NULL CHECK (relationship IN ('parent', 'legal_guardian', 'caregiver')),
  basis text NOT NULL CHECK (basis IN ('guardian_of_minor', 'granted_by_patient')),
  scopes text[] NOT NULL CHECK (
    cardinality(scopes) >= 1
    AND scopes <@ ARRAY['read', 'messaging', 'appointments', 'billing']::text[]
  ),
  granted_by uuid NOT NULL REFERENCES app_user (id),
  granted_at timestamptz NOT NULL,
  expires_at timestamptz CHECK (expires_at > granted_at),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES app_user (id),
  PRIMARY KEY (tenant_id, id),
  -- Guardianship of a minor is a legal relationship; a caregiver needs the patient's own grant.
  CHECK (basis = 'granted_by_patient' OR relationship IN ('parent', 'legal_guardian')),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX proxy_grant_by_proxy ON proxy_grant (tenant_id, proxy_user_id, patient_id);
CREATE INDEX proxy_grant_by_patient ON proxy_grant (tenant_id, patient_id);

-- Revocation is set once: a revoked grant cannot be revived or have its revocation rewritten
-- (a new grant is made instead). The column grants below already stop haven_app from changing
-- anything else.
CREATE FUNCTION proxy_grant_revoke_once() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.revoked_at IS NOT NULL THEN
    RAISE EXCEPTION 'a revoked proxy grant cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER proxy_grant_revoke_once BEFORE UPDATE ON proxy_grant
  FOR EACH ROW EXECUTE FUNCTION proxy_grant_revoke_once();

-- A guardian's consent to a teenager's own account (CHILD-2). Append-only: each consent is a
-- record of who agreed, how, and who recorded it. `method` is a code, never free text, so no
-- note about the family ends up in clear.
CREATE TABLE guardian_consent (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  patient_id uuid NOT NULL,
  guardian_user_id uuid NOT NULL REFERENCES app_user (id),
  grant_id uuid NOT NULL,
  consented_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  method text NOT NULL CHECK (method IN ('in_person', 'signed_form', 'electronic_signature')),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, grant_id) REFERENCES proxy_grant (tenant_id, id)
);
CREATE INDEX guardian_consent_by_patient ON guardian_consent (tenant_id, patient_id);

SELECT haven_add_tenant_wall('practice_teen_policy');
SELECT haven_add_tenant_wall('proxy_grant');
SELECT haven_add_tenant_wall('guardian_consent');

GRANT SELECT, INSERT ON practice_teen_policy, proxy_grant, guardian_consent TO haven_app;
GRANT UPDATE (excluded_categories, updated_at) ON practice_teen_policy TO haven_app;
GRANT UPDATE (revoked_at, revoked_by) ON proxy_grant TO haven_app;
