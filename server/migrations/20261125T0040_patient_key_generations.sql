-- Patient data keys get generations (SEC-2: data-key rotation). Rotating a patient's key adds a
-- generation instead of replacing the row, so records sealed under the old generation stay
-- readable while a background job re-encrypts them; the old generation's row is deleted (the
-- old key crypto-shredded) once no record uses it. Every existing key becomes generation 1, and
-- records sealed before this change (no generation header) are generation 1 too.
--
-- active_from: a new generation is readable at once but becomes the one new seals use only at
-- active_from, a moment after every node's key cache (at most 60 seconds old) has seen it. The
-- rotation job sets it; a patient's first key is active immediately. The column is compared with
-- the database's now(), so application clocks never have to agree.
ALTER TABLE patient_key
  ADD COLUMN generation integer NOT NULL DEFAULT 1 CHECK (generation > 0),
  ADD COLUMN active_from timestamptz NOT NULL DEFAULT now();

ALTER TABLE patient_key DROP CONSTRAINT patient_key_pkey;
ALTER TABLE patient_key ADD CONSTRAINT patient_key_pkey
  PRIMARY KEY (tenant_id, patient_id, generation);

-- Grants and the tenant wall are unchanged: haven_app may still only SELECT and INSERT key rows.
-- Adding a generation and deleting a retired one are key management, done on the system path.
