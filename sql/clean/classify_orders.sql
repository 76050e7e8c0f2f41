-- Classifies one source's staged orders: each row gets NULL (accepted) or a reason code.
-- $1 run_id, $2 source, $3 time zone, $4 as_of (timestamptz), $5 currency rates jsonb {"CNY":1,…},
-- $6 tolerance in the order's currency. Inserts into the temp table cls_orders; returns nothing.
INSERT INTO cls_orders
WITH s AS MATERIALIZED (
  SELECT o.*, etl.try_numeric(o.total_amount) AS total, etl.try_timestamptz(o.order_at, $3) AS at,
         etl.try_timestamptz(o.due_at, $3) AS due, upper(btrim(o.currency)) AS cur,
         row_number() OVER (PARTITION BY o.source_key ORDER BY o.row_no) AS copy_no
  FROM staging.stg_orders o WHERE o.run_id = $1 AND o.source = $2
), lines AS MATERIALIZED (
  SELECT l.order_key, sum(etl.try_numeric(l.amount)) AS lines_total
  FROM staging.stg_order_lines l WHERE l.run_id = $1 AND l.source = $2
  GROUP BY l.order_key
)
SELECT s.row_no, s.source_key, s.customer_key, s.at, s.cur, s.total, s.due,
       (s.total * ($5::jsonb ->> s.cur)::numeric)::numeric(18, 2),
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.customer_key), '') IS NULL THEN 'missing_key'
         WHEN s.copy_no > 1 THEN 'exact_duplicate'
         WHEN s.total IS NULL THEN 'invalid_amount'
         WHEN s.at IS NULL THEN 'invalid_date'
         WHEN s.total < 0 THEN 'negative_amount'
         WHEN NOT ($5::jsonb ? s.cur) THEN 'unknown_currency'
         WHEN s.at > $4::timestamptz THEN 'future_date'
         WHEN NOT EXISTS (SELECT 1 FROM core.int_customers c
                          WHERE c.run_id = $1 AND c.source = $2 AND c.source_key = s.customer_key) THEN 'orphan_order'
         WHEN abs(s.total - coalesce(l.lines_total, 0)) > $6 THEN 'total_mismatch'
       END,
       CASE WHEN abs(s.total - coalesce(l.lines_total, 0)) > $6
            THEN 'total ' || s.total || ' vs lines ' || coalesce(l.lines_total, 0) END
FROM s LEFT JOIN lines l ON l.order_key = s.source_key
