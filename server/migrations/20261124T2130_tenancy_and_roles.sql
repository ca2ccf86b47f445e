-- Foundation: the practice (tenant) table, the database role the application acts as, and the
-- tenant wall (row-level security) every tenant-owned table gets.

-- The application reaches tenant data as haven_app, a role without BYPASSRLS, so row-level
-- security holds even when Haven connects as the database owner or a superuser. Roles are
-- cluster-wide, so another Haven database on the same server may have created it already.
DO $$
BEGIN
  CREATE ROLE haven_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;

DO $$
BEGIN
  -- A non-superuser owner needs membership to SET ROLE haven_app.
  EXECUTE format('GRANT haven_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL;
END
$$;

-- The current tenant of a transaction, set by tenantTransaction(); NULL outside one, and a
-- NULL tenant matches no row.
CREATE FUNCTION haven_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('haven.tenant_id', true), '')::uuid $$;

-- The tenant wall for a tenant-owned table (one with a tenant_id column): row-level security,
-- so haven_app sees and writes only the current tenant's rows. It is not FORCEd: the owner is
-- the explicit system path (migrations, jobs), and forcing it would block that path wherever
-- Haven connects as a non-superuser owner, as on managed PostgreSQL.
CREATE FUNCTION haven_add_tenant_wall(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format(
    'CREATE POLICY tenant_wall ON %s USING (tenant_id = haven_current_tenant()) '
    'WITH CHECK (tenant_id = haven_current_tenant())', target);
END
$$;

-- A practice is a tenant. Its name and slug are public facts about the practice, not health data.
CREATE TABLE practice (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE practice ENABLE ROW LEVEL SECURITY;
CREATE POLICY practice_own ON practice
  USING (id = haven_current_tenant());
GRANT SELECT ON practice TO haven_app;
