-- Folds one run's clusters into the persistent identity tables (stable ids across runs).
-- $1 run_id. Returns nothing. Runs after int_customer_xref and int_customers_golden are written, with
-- both identity tables locked against other writers (sql/dedupe/lock_identity.sql).
-- A row's previous_customer_id keeps its id from before run $1 (also when run $1 is retried).
-- Existing keys are updated and new keys inserted, each as a set: INSERT … ON CONFLICT checked every row
-- through a speculative insertion, which at L (2.25 M rows, a first run) cost 31–33 s against 22 s of
-- plain inserts. One statement, one snapshot: the updates touch only rows in it, the inserts only keys
-- not in it, so the two never meet.
WITH xref_updated AS (
  UPDATE core.customer_xref x SET
    previous_customer_id = CASE WHEN x.last_run_id = $1 THEN x.previous_customer_id ELSE x.customer_id END,
    customer_id = i.customer_id, last_run_id = $1
  FROM core.int_customer_xref i
  WHERE i.run_id = $1 AND x.source = i.source AND x.source_key = i.source_key
), xref_inserted AS (
  INSERT INTO core.customer_xref (source, source_key, customer_id, first_run_id, last_run_id)
  SELECT i.source, i.source_key, i.customer_id, $1, $1 FROM core.int_customer_xref i
  WHERE i.run_id = $1
    AND NOT EXISTS (SELECT 1 FROM core.customer_xref x WHERE x.source = i.source AND x.source_key = i.source_key)
), customers_updated AS (
  UPDATE core.customers c SET
    name = g.name, phone_e164 = g.phone_e164, email = g.email, region_code = g.region_code,
    credit_code = g.credit_code, first_seen_at = least(c.first_seen_at, g.first_seen_at),
    last_run_id = $1, updated_at = now()
  FROM core.int_customers_golden g
  WHERE g.run_id = $1 AND c.customer_id = g.customer_id
)
INSERT INTO core.customers (customer_id, name, phone_e164, email, region_code, credit_code, first_seen_at, last_run_id)
SELECT g.customer_id, g.name, g.phone_e164, g.email, g.region_code, g.credit_code, g.first_seen_at, $1
FROM core.int_customers_golden g
WHERE g.run_id = $1 AND NOT EXISTS (SELECT 1 FROM core.customers c WHERE c.customer_id = g.customer_id)
