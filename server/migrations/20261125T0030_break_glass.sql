-- Break-the-glass emergency access (ACC-5, SHARE-7; ONC 170.315 (d)(6)). A clinician or nurse
-- without a care relationship opens a patient's chart in an emergency: the grant names who, which
-- patient, a coded reason, and a free-text explanation that may mention health facts, so it is
-- sealed with the tenant data key (server/src/break-glass/break-glass-sealing.ts) and never
-- stored in clear. Each grant lasts at most 4 hours and waits for a privacy officer's review.
CREATE TABLE break_glass_grant (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user (id),
  patient_id uuid NOT NULL,
  reason_code text NOT NULL CHECK (
    reason_code IN ('emergency_care', 'urgent_consult', 'patient_unreachable', 'other')
  ),
  reason_sealed bytea NOT NULL,
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  review_state text NOT NULL DEFAULT 'pending' CHECK (
    review_state IN ('pending', 'justified', 'not_justified')
  ),
  reviewed_by uuid REFERENCES app_user (id),
  reviewed_at timestamptz,
  review_note_sealed bytea,
  PRIMARY KEY (tenant_id, id),
  CHECK (expires_at > granted_at AND expires_at <= granted_at + interval '240 minutes'),
  -- A review names who and when, or nothing; nobody reviews their own emergency access.
  CHECK ((review_state = 'pending') = (reviewed_by IS NULL)),
  CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
  CHECK (reviewed_by IS NULL OR reviewed_by <> user_id),
  CHECK (review_state <> 'not_justified' OR review_note_sealed IS NOT NULL)
);
-- The access decision's look-up: this user's latest grant for this patient.
CREATE INDEX break_glass_grant_by_user_patient
  ON break_glass_grant (tenant_id, user_id, patient_id, expires_at);
-- The privacy officer's queue.
CREATE INDEX break_glass_grant_by_state ON break_glass_grant (tenant_id, review_state, granted_at);

-- A review is given once: a verdict cannot be rewritten afterwards (a second look is a new
-- audit entry, not an edit). The column grants below stop haven_app from touching the rest.
CREATE FUNCTION break_glass_review_once() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF OLD.review_state <> 'pending' THEN
    RAISE EXCEPTION 'a reviewed break-the-glass grant cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER break_glass_review_once BEFORE UPDATE ON break_glass_grant
  FOR EACH ROW EXECUTE FUNCTION break_glass_review_once();

SELECT haven_add_tenant_wall('break_glass_grant');

-- Never deleted, and who/when/why never change: only the review columns may be set.
GRANT SELECT, INSERT ON break_glass_grant TO haven_app;
GRANT UPDATE (review_state, reviewed_by, reviewed_at, review_note_sealed)
  ON break_glass_grant TO haven_app;

-- Opening a grant queues the privacy officers' notices in the same tenant transaction as the
-- grant and its audit entry, so none is lost or sent for a grant that rolled back. The queue
-- holds only platform-sealed messages; haven_app may add to it but still not read it.
GRANT INSERT ON email_job TO haven_app;
