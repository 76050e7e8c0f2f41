-- Folds one run's clusters into the persistent identity tables (stable ids across runs).
-- $1 run_id. Returns nothing. Runs after int_customer_xref and int_customers_golden are written.
-- A row's previous_customer_id keeps its id from before run $1 (also when run $1 is retried).
WITH x AS (
  INSERT INTO core.customer_xref (source, source_key, customer_id, first_run_id, last_run_id)
  SELECT source, source_key, customer_id, $1, $1 FROM core.int_customer_xref WHERE run_id = $1
  ON CONFLICT (source, source_key) DO UPDATE SET
    previous_customer_id = CASE WHEN core.customer_xref.last_run_id = EXCLUDED.last_run_id
                                THEN core.customer_xref.previous_customer_id
                                ELSE core.customer_xref.customer_id END,
    customer_id = EXCLUDED.customer_id, last_run_id = EXCLUDED.last_run_id
)
INSERT INTO core.customers (customer_id, name, phone_e164, email, region_code, credit_code, first_seen_at, last_run_id)
SELECT customer_id, name, phone_e164, email, region_code, credit_code, first_seen_at, $1
FROM core.int_customers_golden WHERE run_id = $1
ON CONFLICT (customer_id) DO UPDATE SET
  name = EXCLUDED.name, phone_e164 = EXCLUDED.phone_e164, email = EXCLUDED.email, region_code = EXCLUDED.region_code,
  credit_code = EXCLUDED.credit_code, first_seen_at = least(core.customers.first_seen_at, EXCLUDED.first_seen_at),
  last_run_id = EXCLUDED.last_run_id, updated_at = now()
