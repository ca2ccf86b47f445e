-- The tamper-evident audit log (ONC 170.315 (d)(2),(d)(3); ASTM E2147). Entries are append-only
-- for haven_app and hash-chained: several chains per tenant (chain_id), each with a head row
-- holding its last seq and hash, so writers on different nodes rarely touch the same row.
-- Signed checkpoints of the chain heads let `haven audit verify` detect a rewritten chain.
-- Nothing here holds a health data value: ids are opaque UUIDs and the rest are short tokens.

CREATE TABLE audit_entry (
  -- No foreign key to practice here: the chain head (written in the same statement) has one,
  -- and a per-row check would cost every audited request for nothing.
  tenant_id uuid NOT NULL,
  chain_id smallint NOT NULL CHECK (chain_id BETWEEN 0 AND 63),
  seq bigint NOT NULL CHECK (seq > 0),
  -- Database time (clock_timestamp at write, to the millisecond: the hash covers it exactly).
  at timestamptz NOT NULL,
  patient_id uuid,
  actor_user_id uuid,
  on_behalf_of_user_id uuid,
  action text NOT NULL CHECK (action IN ('read', 'search', 'create', 'update', 'delete',
    'export', 'sign_in', 'sign_in_failed', 'sign_out', 'mfa_change', 'password_change',
    'role_change', 'consent_change', 'break_glass', 'key_rotation', 'config_change',
    'disclosure')),
  -- Short tokens only (the writer validates the same): a free-text column would invite someone
  -- to put a diagnosis or a value in it. Lengths are checked apart from the patterns because a
  -- bounded repeat ({1,64}) makes PostgreSQL's regex engine many times slower per row.
  data_category text CHECK (data_category ~ '^[A-Za-z][A-Za-z0-9_.-]*$'
    AND octet_length(data_category) <= 64),
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'success', 'failure')),
  reason_code text CHECK (reason_code ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]*$'
    AND octet_length(reason_code) <= 64),
  purpose_of_use text CHECK (purpose_of_use ~ '^[A-Z][A-Z0-9_]*$'
    AND octet_length(purpose_of_use) <= 32),
  source_address text CHECK (source_address ~ '^[0-9A-Fa-f:.]+$'
    AND octet_length(source_address) <= 64),
  request_id text CHECK (request_id ~ '^[A-Za-z0-9._:-]+$' AND octet_length(request_id) <= 128),
  resource_type text CHECK (resource_type ~ '^[A-Z][A-Za-z]+$'
    AND octet_length(resource_type) <= 64),
  resource_id text CHECK (resource_id ~ '^[A-Za-z0-9.-]+$' AND octet_length(resource_id) <= 64),
  break_glass boolean NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (tenant_id, chain_id, seq)
);
-- The reports: by time, "who accessed this patient", "what did this user do". Kept to three
-- because every index costs each audited request a little write work.
CREATE INDEX audit_entry_at ON audit_entry (tenant_id, at);
CREATE INDEX audit_entry_patient ON audit_entry (tenant_id, patient_id, at)
  WHERE patient_id IS NOT NULL;
CREATE INDEX audit_entry_actor ON audit_entry (tenant_id, actor_user_id, at)
  WHERE actor_user_id IS NOT NULL;

-- The head of each chain: its last seq and hash. A writer claims the next seqs by moving the
-- head from the seq it read (compare-and-set) in the same statement that inserts its entries.
CREATE TABLE audit_chain_head (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  chain_id smallint NOT NULL CHECK (chain_id BETWEEN 0 AND 63),
  last_seq bigint NOT NULL CHECK (last_seq >= 0),
  last_hash bytea NOT NULL CHECK (length(last_hash) = 32),
  PRIMARY KEY (tenant_id, chain_id)
);

-- Ed25519 signatures over chain heads, made on the system path. A checkpoint pins the chain up
-- to its seq: rewriting those entries (even with fresh hashes) no longer matches the signature.
CREATE TABLE audit_checkpoint (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  chain_id smallint NOT NULL CHECK (chain_id BETWEEN 0 AND 63),
  seq bigint NOT NULL CHECK (seq > 0),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature bytea NOT NULL CHECK (length(signature) = 64),
  PRIMARY KEY (tenant_id, chain_id, seq)
);

-- The deployment's checkpoint signing keys. The private key is sealed with the platform data
-- key; the public key is in clear so that verifying needs no key material at all. Platform-wide
-- (no tenant), and haven_app has no privilege on it.
CREATE TABLE audit_signing_key (
  id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
  public_key bytea NOT NULL,
  private_key_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

SELECT haven_add_tenant_wall('audit_entry');
SELECT haven_add_tenant_wall('audit_chain_head');
SELECT haven_add_tenant_wall('audit_checkpoint');

-- Append-only: no UPDATE or DELETE on entries. The head moves forward (UPDATE), and verify
-- compares it with the entries, so a moved head is caught. Checkpoints and signing keys belong
-- to the system path only.
GRANT SELECT, INSERT ON audit_entry TO haven_app;
GRANT SELECT, INSERT, UPDATE ON audit_chain_head TO haven_app;
