-- Faster audit appends (see bench/README.md). The chain format, the tables and what haven_app
-- may do are unchanged: this adds one function that does, as one statement with a cached plan,
-- what the writer did as a planned-every-time statement, the compare-and-set of the chain head
-- and the insert of the entries under it.
--
-- SECURITY INVOKER (the default): it runs as the caller, so for haven_app the tenant wall
-- (row-level security) and the grants (INSERT on audit_entry, INSERT/UPDATE on the head) apply
-- to every row exactly as before. PL/pgSQL keeps the statement's plan for the session, which
-- saves planning a CTE over json_to_recordset, two tables, their policies and five indexes on
-- every batch.
--
-- It moves the head of (p_tenant, p_chain) from p_after_seq to p_last_seq / p_last_hash and
-- inserts p_rows (a JSON array of entries with seq, fields and hex hashes, all at p_at) only if
-- that succeeded; returns the number of entries inserted, 0 when another writer moved the head
-- first (the caller reads the head again and retries). With p_strict, losing the race raises
-- SQLSTATE ZA409 instead, so a caller that cannot read the result (a multi-statement query)
-- still learns of it, and nothing of that query is committed.
CREATE FUNCTION haven_audit_append(p_tenant uuid, p_chain smallint, p_after_seq bigint,
  p_last_seq bigint, p_last_hash bytea, p_at timestamptz, p_rows json, p_strict boolean)
  RETURNS bigint
  LANGUAGE plpgsql
  AS $$
DECLARE
  inserted bigint;
BEGIN
  WITH claimed AS (
    INSERT INTO audit_chain_head AS h (tenant_id, chain_id, last_seq, last_hash)
    VALUES (p_tenant, p_chain, p_last_seq, p_last_hash)
    ON CONFLICT (tenant_id, chain_id) DO UPDATE
      SET last_seq = excluded.last_seq, last_hash = excluded.last_hash
      WHERE h.last_seq = p_after_seq
    RETURNING 1
  )
  INSERT INTO audit_entry (tenant_id, chain_id, seq, at, patient_id, actor_user_id,
    on_behalf_of_user_id, action, data_category, outcome, reason_code, purpose_of_use,
    source_address, request_id, resource_type, resource_id, break_glass, prev_hash, hash)
  SELECT p_tenant, p_chain, r.seq, p_at, r.patient_id, r.actor_user_id, r.on_behalf_of_user_id,
    r.action, r.data_category, r.outcome, r.reason_code, r.purpose_of_use, r.source_address,
    r.request_id, r.resource_type, r.resource_id, r.break_glass, decode(r.prev_hash, 'hex'),
    decode(r.hash, 'hex')
  FROM json_to_recordset(p_rows) AS r(seq bigint, patient_id uuid, actor_user_id uuid,
    on_behalf_of_user_id uuid, action text, data_category text, outcome text, reason_code text,
    purpose_of_use text, source_address text, request_id text, resource_type text,
    resource_id text, break_glass boolean, prev_hash text, hash text)
  WHERE EXISTS (SELECT 1 FROM claimed);
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted = 0 AND p_strict THEN
    RAISE EXCEPTION 'audit chain % of tenant % moved past seq %', p_chain, p_tenant, p_after_seq
      USING ERRCODE = 'ZA409';
  END IF;
  RETURN inserted;
END
$$;

REVOKE ALL ON FUNCTION haven_audit_append(uuid, smallint, bigint, bigint, bytea, timestamptz,
  json, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION haven_audit_append(uuid, smallint, bigint, bigint, bytea, timestamptz,
  json, boolean) TO haven_app;
