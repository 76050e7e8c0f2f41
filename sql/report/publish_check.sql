-- Who published a quarter: the quarter's customer rows, how many of them this run wrote, and the
-- marts.published_quarters entry (NULLs when the quarter is not registered there).
-- Bindings (positional, in order): $1 quarter (text, 2025Q4)   $2 run_id (text)
-- Returns one row: customers, of_run (int8 text), published_run_id, published_customers (int8 text).
WITH p AS (SELECT ?::text AS quarter, ?::text AS run_id)
SELECT
  -- Both counts in one pass over the quarter's rows.
  c.customers, c.of_run,
  pq.run_id AS published_run_id,
  pq.customers AS published_customers
FROM p
CROSS JOIN LATERAL (
  SELECT count(*) AS customers, count(*) FILTER (WHERE f.run_id = p.run_id) AS of_run
  FROM marts.fct_customer_quarter f WHERE f.quarter = p.quarter
) c
LEFT JOIN marts.published_quarters pq ON pq.quarter = p.quarter;
