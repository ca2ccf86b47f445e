-- Authentication for API clients (issue #5): clients a practice administrator registers, and
-- the bearer tokens Haven issues to them and to signed-in people (personal access tokens).
-- Secrets and tokens are random 256-bit values stored only as HMAC-SHA256 under a key derived
-- from the platform key (server/src/api-auth/credentials.ts): a copy of these tables cannot be
-- replayed, nor checked against guesses without the key.
--
-- Designed for SMART on FHIR later, without rewriting this file: a client may be
-- 'user-delegated' (authorization-code flow, with redirect URIs and, for public apps, no
-- secret); a token may carry a user, a patient context (launch/patient) and the client it was
-- issued to at once ('user_access'). Refresh tokens and authorization codes will get their own
-- tables.

CREATE TABLE api_client (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('system', 'user-delegated')),
  -- NULL only for a future public SMART app (PKCE, no secret); a system client always has one.
  secret_hash bytea CHECK (secret_hash IS NULL OR length(secret_hash) = 32),
  scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 50),
  redirect_uris text[] NOT NULL DEFAULT '{}',
  created_by uuid NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES app_user (id),
  PRIMARY KEY (tenant_id, id),
  CHECK (kind <> 'system' OR secret_hash IS NOT NULL),
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX api_client_by_created ON api_client (tenant_id, created_at);

-- An issued bearer token. Checked on every request (expiry, revocation, the client's and the
-- person's standing), so revoking takes effect on the next request on every node.
--   client_access: client_credentials grant of a system client (client_id, no user);
--   personal:      a person's own token for API use (user_id, a name they chose);
--   user_access:   reserved for SMART's authorization-code flow (client_id AND user_id).
-- acting_as says whether the user acts as staff of the practice or as a patient; patient_id is
-- the patient's own record for a patient, and the launch context for SMART later.
CREATE TABLE api_token (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  token_hash bytea NOT NULL CHECK (length(token_hash) = 32),
  kind text NOT NULL CHECK (kind IN ('client_access', 'personal', 'user_access')),
  client_id uuid,
  user_id uuid REFERENCES app_user (id),
  acting_as text CHECK (acting_as IN ('staff', 'patient')),
  patient_id uuid,
  scopes text[] NOT NULL CHECK (cardinality(scopes) BETWEEN 1 AND 50),
  name text CHECK (length(name) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES api_client (tenant_id, id),
  CHECK (expires_at > created_at AND expires_at <= created_at + interval '90 days'),
  CHECK (kind <> 'client_access' OR (client_id IS NOT NULL AND user_id IS NULL)),
  CHECK (kind <> 'personal' OR (user_id IS NOT NULL AND client_id IS NULL AND name IS NOT NULL)),
  CHECK (kind <> 'user_access' OR (user_id IS NOT NULL AND client_id IS NOT NULL)),
  CHECK ((user_id IS NULL) = (acting_as IS NULL)),
  CHECK (acting_as IS DISTINCT FROM 'patient' OR patient_id IS NOT NULL)
);
-- The look-up of every bearer request: the tenant comes from the token itself.
CREATE UNIQUE INDEX api_token_by_hash ON api_token (tenant_id, token_hash);
CREATE INDEX api_token_by_user ON api_token (tenant_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX api_token_by_client ON api_token (tenant_id, client_id) WHERE client_id IS NOT NULL;

SELECT haven_add_tenant_wall('api_client');
SELECT haven_add_tenant_wall('api_token');

-- Never deleted (revocation is a time, kept for the record); only revocation may change.
GRANT SELECT, INSERT ON api_client, api_token TO haven_app;
GRANT UPDATE (revoked_at, revoked_by) ON api_client TO haven_app;
GRANT UPDATE (revoked_at) ON api_token TO haven_app;
