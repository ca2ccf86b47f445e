-- HL7 v2 lab and registration feeds (issue #5): the log of processed messages, the
-- reconciliation queue for messages whose patient could not be matched, the links that let a
-- corrected result update the record it corrects, and patients' result-release preferences.

-- One row per message the feed accepted (answered AA), written in the same transaction as what
-- the message stored, so a message is either wholly applied and logged or not at all. A
-- message sent again (same keyed digest) is answered with the stored ACK and stores nothing.
-- Sender names and control ids are interface bookkeeping, not patient data; the digest is a
-- keyed HMAC (tenant blind-index key), so it cannot be checked against guessed messages.
CREATE TABLE hl7_message (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  digest text NOT NULL CHECK (length(digest) = 64),
  sending_application text NOT NULL CHECK (length(sending_application) <= 500),
  sending_facility text NOT NULL CHECK (length(sending_facility) <= 500),
  control_id text NOT NULL CHECK (length(control_id) BETWEEN 1 AND 199),
  message_type text NOT NULL CHECK (message_type ~ '^[A-Z0-9]{3}\^[A-Z0-9]{3}$'),
  received_at timestamptz NOT NULL,
  ack_code text NOT NULL CHECK (ack_code IN ('AA', 'AE', 'AR')),
  ack text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX hl7_message_by_digest ON hl7_message (tenant_id, digest);
CREATE INDEX hl7_message_by_control ON hl7_message (tenant_id, sending_facility, control_id);

-- Messages whose patient matched no record, or more than one: held for staff, never stored on
-- a guessed patient. The raw message is health data, so it is sealed with the tenant key
-- (bound to the row); so is the reason a person gives for discarding one.
CREATE TABLE hl7_reconciliation (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  message_id uuid NOT NULL,
  received_at timestamptz NOT NULL,
  message_type text NOT NULL CHECK (message_type ~ '^[A-Z0-9]{3}\^[A-Z0-9]{3}$'),
  reason text NOT NULL CHECK (reason IN ('no_match', 'several_matches')),
  message_sealed bytea NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'discarded')),
  closed_by uuid REFERENCES app_user (id),
  closed_at timestamptz,
  discard_reason_sealed bytea,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES hl7_message (tenant_id, id),
  CHECK ((status = 'open') = (closed_at IS NULL)),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
  CHECK (discard_reason_sealed IS NULL OR status = 'discarded')
);
CREATE INDEX hl7_reconciliation_by_status ON hl7_reconciliation (tenant_id, status, received_at);

-- Which stored resource a result from a feed became, keyed by a keyed HMAC of its identity
-- (sender, order number, OBX code and sub-id), so a corrected or final result becomes a new
-- version of the same Observation or DiagnosticReport, never a duplicate.
CREATE TABLE hl7_result_link (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  link text NOT NULL CHECK (length(link) = 64),
  resource_type text NOT NULL,
  resource_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, link)
);

-- A patient's choice to delay some kinds of new results (21st Century Cures Act: release is
-- immediate unless the patient asks otherwise). Which kinds is itself sensitive (it says what
-- the patient worries about), so the preference is sealed with the tenant key.
CREATE TABLE result_release_preference (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  patient_id uuid NOT NULL,
  preference_sealed bytea NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, patient_id)
);

SELECT haven_add_tenant_wall('hl7_message');
SELECT haven_add_tenant_wall('hl7_reconciliation');
SELECT haven_add_tenant_wall('hl7_result_link');
SELECT haven_add_tenant_wall('result_release_preference');

-- The message log and the links are written once; only a queue item's closing and a
-- preference may change.
GRANT SELECT, INSERT ON hl7_message, hl7_result_link TO haven_app;
GRANT SELECT, INSERT ON hl7_reconciliation TO haven_app;
GRANT UPDATE (status, closed_by, closed_at, discard_reason_sealed) ON hl7_reconciliation TO haven_app;
GRANT SELECT, INSERT, UPDATE ON result_release_preference TO haven_app;
