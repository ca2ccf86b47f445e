-- Identity: account state, sessions, sign-in defence (throttling, lockout, history, devices),
-- password reset, patient enrolment (activation codes, self sign-up, identity verification),
-- staff licences and confidentiality attestations, the per-practice session policy, and the
-- queue of outgoing email. Accounts are platform-level (one per person, across practices) and
-- reached by the identity services on the system path; enrolment, licences and attestations
-- belong to a practice and sit behind the tenant wall.

ALTER TABLE app_user
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
  ADD COLUMN date_of_birth_sealed bytea,
  ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'es')),
  ADD COLUMN password_changed_at timestamptz,
  -- A patient without a smartphone may choose an emailed one-time code as second factor.
  ADD COLUMN mfa_email_enabled boolean NOT NULL DEFAULT false;

-- A signed-in browser. Only the SHA-256 of the cookie token is stored, so a copy of the table
-- cannot be replayed as a cookie. `stage` is 'mfa' between the password and the second factor.
CREATE TABLE user_session (
  id uuid PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  csrf_hash bytea NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user (id),
  stage text NOT NULL CHECK (stage IN ('mfa', 'active')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_timeout_seconds integer NOT NULL CHECK (idle_timeout_seconds > 0),
  expires_at timestamptz NOT NULL,
  mfa_method text,
  device_id text,
  ip text,
  browser text,
  acting_tenant_id uuid,
  acting_patient_id uuid,
  ended_at timestamptz,
  ended_reason text
);
CREATE INDEX user_session_user ON user_session (user_id) WHERE ended_at IS NULL;

-- Every sign-in attempt, for the user's sign-in history and for lockout.
CREATE TABLE sign_in_event (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES app_user (id),
  email_index text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL CHECK (outcome IN ('success', 'bad_credentials', 'locked', 'mfa_failed',
    'mfa_passed', 'rate_limited')),
  ip text,
  browser text,
  device_id text
);
CREATE INDEX sign_in_event_user ON sign_in_event (user_id, at DESC);

-- Devices a user signed in from before (a new one triggers an alert email).
CREATE TABLE known_device (
  user_id uuid NOT NULL REFERENCES app_user (id),
  device_hash text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  browser text,
  PRIMARY KEY (user_id, device_hash)
);

-- Fixed-window counters shared by every node (sign-in per IP, per account...).
CREATE TABLE rate_limit_bucket (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);

-- Progressive lockout, keyed by the email's blind index so unknown emails behave the same.
CREATE TABLE account_lockout (
  email_index text PRIMARY KEY,
  failures integer NOT NULL,
  locked_until timestamptz,
  last_failure_at timestamptz NOT NULL
);

CREATE TABLE password_reset_token (
  token_hash bytea PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Outgoing email, sent by a job after the transaction that queued it commits: nothing
-- acknowledged is lost if the mail server is down. Recipient and body are sealed (they may hold
-- a reset link).
CREATE TABLE email_job (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  sealed bytea NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  last_error text
);
CREATE INDEX email_job_due ON email_job (next_attempt_at) WHERE sent_at IS NULL;

-- Per-practice session policy (idle time-outs), defaults when no row: staff 15, patients 30.
CREATE TABLE practice_security_policy (
  tenant_id uuid PRIMARY KEY REFERENCES practice (id),
  staff_idle_minutes integer NOT NULL CHECK (staff_idle_minutes BETWEEN 1 AND 240),
  patient_idle_minutes integer NOT NULL CHECK (patient_idle_minutes BETWEEN 1 AND 240)
);

-- A patient's account in a practice. 'pending_identity': self sign-up waiting for staff to
-- verify identity; 'pending_guardian': a teen waiting for a guardian's consent.
CREATE TABLE patient_account (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  patient_id uuid,
  status text NOT NULL CHECK (status IN ('pending_identity', 'pending_guardian', 'active', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE UNIQUE INDEX patient_account_patient ON patient_account (tenant_id, patient_id)
  WHERE patient_id IS NOT NULL AND status <> 'closed';

-- Single-use enrolment codes issued by the front desk for a patient's record.
CREATE TABLE activation_code (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  code_hash bytea NOT NULL,
  patient_id uuid NOT NULL,
  created_by uuid NOT NULL REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by uuid REFERENCES app_user (id),
  failed_attempts integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, code_hash)
);
CREATE UNIQUE INDEX activation_code_hash ON activation_code (code_hash);

-- Staff checked a government ID: its type and last four characters (sealed), who, when. No
-- image is ever stored.
CREATE TABLE identity_verification (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  id_type text NOT NULL CHECK (id_type IN ('drivers_license', 'passport', 'state_id', 'military_id', 'other')),
  last_four_sealed bytea NOT NULL,
  verified_by uuid NOT NULL REFERENCES app_user (id),
  verified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE staff_licence (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  number_sealed bytea NOT NULL,
  issuing_state text NOT NULL CHECK (issuing_state ~ '^[A-Z]{2}$'),
  expires_on date NOT NULL,
  verification text NOT NULL CHECK (verification IN ('unverified', 'verified', 'rejected')),
  verified_by uuid REFERENCES app_user (id),
  verified_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE confidentiality_attestation (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  version text NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, version)
);

SELECT haven_add_tenant_wall('practice_security_policy');
SELECT haven_add_tenant_wall('patient_account');
SELECT haven_add_tenant_wall('activation_code');
SELECT haven_add_tenant_wall('identity_verification');
SELECT haven_add_tenant_wall('staff_licence');
SELECT haven_add_tenant_wall('confidentiality_attestation');

GRANT SELECT, INSERT, UPDATE ON practice_security_policy, patient_account, activation_code,
  staff_licence TO haven_app;
GRANT SELECT, INSERT ON identity_verification, confidentiality_attestation TO haven_app;
