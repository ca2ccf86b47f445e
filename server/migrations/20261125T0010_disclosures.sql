-- The accounting of disclosures (HIPAA 45 CFR 164.528; ONC 170.315 (d)(11)): every time a
-- practice hands a patient's information to someone outside it (another provider, a court, a
-- public health agency, in an emergency...), one row here. Patients and privacy officers read
-- them back for any period up to six years.
--
-- Append-only for haven_app, like the audit log: a record of who received what must not be
-- editable or deletable by staff (an entry made in error is answered by a new one). In clear:
-- only opaque ids, times and the purpose code. The recipient, what was disclosed and the legal
-- basis live in `sealed`, encrypted with the patient's data key, with tenant, 'Disclosure', id
-- and version 1 bound as associated data; destroying the patient's key shreds them too.
CREATE TABLE disclosure (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  patient_id uuid NOT NULL,
  disclosed_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES app_user (id),
  purpose text NOT NULL CHECK (purpose IN ('treatment', 'payment', 'operations',
    'patient_request', 'legal', 'public_health', 'abuse_report', 'emergency', 'research',
    'other')),
  sealed bytea NOT NULL,
  PRIMARY KEY (tenant_id, id),
  -- A disclosure cannot be recorded before it happened. The minute allows for a client's clock
  -- running slightly ahead of the server's (the service applies the same tolerance).
  CHECK (disclosed_at <= recorded_at + interval '1 minute')
);
-- The report: one patient's disclosures in a period.
CREATE INDEX disclosure_patient ON disclosure (tenant_id, patient_id, disclosed_at);

SELECT haven_add_tenant_wall('disclosure');

GRANT SELECT, INSERT ON disclosure TO haven_app;
