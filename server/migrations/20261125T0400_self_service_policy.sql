-- What a practice lets its patients change themselves (DATA-1, USE-2). Contact details are
-- either the patient's to change ('self') or the practice's alone ('practice'); name, birth date
-- and gender are changed by the practice, either on the patient's request ('request') or only
-- at the desk ('practice'). No row means the defaults in self-service-policy.ts. Nothing here is
-- about a patient.
CREATE TABLE practice_self_service_policy (
  tenant_id uuid PRIMARY KEY REFERENCES practice (id),
  contact text NOT NULL CHECK (contact IN ('self', 'practice')),
  address text NOT NULL CHECK (address IN ('self', 'practice')),
  emergency_contacts text NOT NULL CHECK (emergency_contacts IN ('self', 'practice')),
  language text NOT NULL CHECK (language IN ('self', 'practice')),
  name text NOT NULL CHECK (name IN ('request', 'practice')),
  birth_date text NOT NULL CHECK (birth_date IN ('request', 'practice')),
  gender text NOT NULL CHECK (gender IN ('request', 'practice')),
  updated_at timestamptz NOT NULL
);

SELECT haven_add_tenant_wall('practice_self_service_policy');
GRANT SELECT, INSERT, UPDATE ON practice_self_service_policy TO haven_app;
