-- Deduplication of a run: source customer rows, golden customers they resolved to, and customer-id merges.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns one row: source_rows, golden_customers, merges (int8 text). Duplicates merged = source_rows - golden_customers.
WITH p AS (SELECT ?::text AS run_id)
SELECT
  (SELECT count(*) FROM core.int_customer_xref x WHERE x.run_id = p.run_id) AS source_rows,
  -- Distinct ids compared by their bytes: the same count, a cheaper sort than the collation's.
  (SELECT count(DISTINCT x.customer_id COLLATE "C") FROM core.int_customer_xref x WHERE x.run_id = p.run_id) AS golden_customers,
  (SELECT count(*) FROM core.customer_merges m WHERE m.run_id = p.run_id) AS merges
FROM p;
