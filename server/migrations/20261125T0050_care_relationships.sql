-- The facts the access gate needs about staff (ACC-1, SHARE-3, ACC-6), read in the same tenant
-- transaction as each access so a decision and the data it guards see one state.
--
-- care_relationship: a staff member treats a patient, because they are on the patient's care
-- team or hold an appointment or encounter with them. Opaque ids and times only: which clinic
-- member treats which patient id, never why. Ending a relationship sets ends_at (the row stays,
-- so a past access can still be explained); only a membership still in force opens a chart.
CREATE TABLE care_relationship (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  patient_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES app_user (id),
  kind text NOT NULL CHECK (kind IN ('care_team', 'appointment', 'encounter')),
  -- The care team, appointment or encounter the relationship comes from (a resource id); the
  -- care team kind uses the patient id itself, since a patient has one care team here.
  source_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  added_by uuid,
  CHECK (ends_at IS NULL OR ends_at >= starts_at),
  PRIMARY KEY (tenant_id, patient_id, user_id, kind, source_id)
);
CREATE INDEX care_relationship_by_user ON care_relationship (tenant_id, user_id, patient_id);

-- staff_sensitive_access: the sensitivity labels (v3 ActCode: PSY, ETH, HIV, SEX, GDIS, BH,
-- SDV, STD) a staff member may see, granted by a practice administrator (ACC-6: data under
-- these labels is closed to everyone else, care team or not).
CREATE TABLE staff_sensitive_access (
  tenant_id uuid NOT NULL REFERENCES practice (id),
  user_id uuid NOT NULL REFERENCES app_user (id),
  label text NOT NULL CHECK (label IN ('PSY', 'ETH', 'HIV', 'SEX', 'GDIS', 'BH', 'SDV', 'STD')),
  granted_by uuid,
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, label)
);

SELECT haven_add_tenant_wall('care_relationship');
SELECT haven_add_tenant_wall('staff_sensitive_access');

GRANT SELECT, INSERT ON care_relationship TO haven_app;
GRANT UPDATE (ends_at) ON care_relationship TO haven_app;
GRANT SELECT, INSERT, DELETE ON staff_sensitive_access TO haven_app;
