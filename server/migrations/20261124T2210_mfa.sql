-- Multi-factor authentication: TOTP, passkeys (WebAuthn), recovery codes and e-mailed one-time
-- codes. Accounts are platform-level, so these tables have no tenant_id and no tenant wall: they
-- are reached only on the system path by the identity services, and haven_app is granted
-- nothing on them. No secret is stored in clear: the TOTP secret is sealed with the platform key
-- (user id bound as associated data), recovery and e-mailed codes are kept only as keyed hashes,
-- and passkeys hold only public keys. A factor means nothing without its account, so rows go
-- with the account.

-- TOTP (RFC 6238). At most one pending secret (shown to the user, awaiting a first valid code)
-- and one active secret per user, so re-enrolling does not drop the working authenticator
-- before the new one is proven. last_step is the last accepted 30-second step: a code for that
-- step or an earlier one is refused, so an observed code cannot be replayed.
CREATE TABLE mfa_totp (
  user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('pending', 'active')),
  secret_sealed bytea NOT NULL,
  last_step integer CHECK (last_step >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, state)
);

-- WebAuthn credentials. The credential id is unique across all users: one authenticator
-- credential belongs to one account. The name is the user's own label ("work laptop"), kept in
-- clear so it can be listed; it is not health data.
CREATE TABLE mfa_passkey (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  credential_id text NOT NULL UNIQUE
    CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) <= 1400),
  public_key bytea NOT NULL,
  counter bigint NOT NULL DEFAULT 0 CHECK (counter BETWEEN 0 AND 4294967295),
  transports jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(transports) = 'array'),
  device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
  backed_up boolean NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX mfa_passkey_user ON mfa_passkey (user_id);

-- The outstanding WebAuthn challenge of each ceremony, as its SHA-256: single use (deleted when
-- a response is checked, whatever the outcome) and short-lived. Kept in the database, not in a
-- process, so the response may reach any node.
CREATE TABLE mfa_webauthn_challenge (
  user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('registration', 'authentication')),
  challenge_hash bytea NOT NULL CHECK (length(challenge_hash) = 32),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, purpose)
);

-- Unused recovery codes, each as HMAC-SHA256 under its own random salt. A used code's row is
-- deleted.
CREATE TABLE mfa_recovery_code (
  user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 99),
  salt bytea NOT NULL CHECK (length(salt) = 16),
  code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, slot)
);

-- The one active e-mailed code per user (a new code replaces it), hashed, with its attempts.
CREATE TABLE mfa_email_code (
  user_id uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  salt bytea NOT NULL CHECK (length(salt) = 16),
  code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts BETWEEN 0 AND 5),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- When e-mailed codes were issued, for the per-user hourly limit; rows older than the window
-- are pruned when the next code is issued.
CREATE TABLE mfa_email_code_issue (
  user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  issued_at timestamptz NOT NULL
);
CREATE INDEX mfa_email_code_issue_user ON mfa_email_code_issue (user_id, issued_at);
