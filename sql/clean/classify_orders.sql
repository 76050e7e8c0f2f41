-- Classifies one source's staged orders: each row gets NULL (accepted) or a reason code.
-- $1 run_id, $2 source, $3 time zone, $4 as_of (timestamptz), $5 currency rates jsonb {"CNY":1,…},
-- $6 tolerance in the order's currency, $7 the orders' typed fields, $8 the order lines' typed fields
-- (jsonb from etl.extract_watermarks), $9 true when the source keeps source_key unique (no search for
-- repeats). Inserts into the temp table cls_orders; returns nothing.
-- Built for millions of rows: repeated keys and line totals by narrow hash aggregates (no sort of whole
-- rows); fields from typed source columns read by plain casts (etl.read_*); OFFSET 0 keeps the parsed
-- values computed once per row instead of once per reference. Runs while the customers are still being
-- cleaned: orphans are marked by clean/mark_orphan_orders once they are committed.
INSERT INTO cls_orders
WITH firsts AS (
  SELECT o.source_key, min(o.row_no) AS row_no
  FROM staging.stg_orders o WHERE o.run_id = $1 AND o.source = $2 AND NOT $9::boolean
  GROUP BY o.source_key HAVING count(*) > 1
), lines AS (
  SELECT l.order_key, sum(etl.read_numeric(l.amount, $8::jsonb ->> 'amount')) AS lines_total
  FROM staging.stg_order_lines l WHERE l.run_id = $1 AND l.source = $2
  GROUP BY l.order_key
), s AS (
  SELECT o.row_no, o.source_key, o.customer_key,
         etl.read_numeric(o.total_amount, $7::jsonb ->> 'total_amount') AS total,
         etl.read_timestamptz(o.order_at, $3, $7::jsonb ->> 'order_at') AS at,
         etl.read_timestamptz(o.due_at, $3, $7::jsonb ->> 'due_at') AS due,
         upper(btrim(o.currency)) AS cur, o.row_no > coalesce(f.row_no, o.row_no) AS is_copy, o.ctid AS tid
  FROM staging.stg_orders o LEFT JOIN firsts f ON f.source_key = o.source_key
  WHERE o.run_id = $1 AND o.source = $2
  OFFSET 0
)
SELECT s.row_no, s.source_key, s.customer_key, s.at, s.cur, s.total, s.due,
       (CASE WHEN r.rate = 1 THEN s.total ELSE s.total * r.rate END)::numeric(18, 2),
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.customer_key), '') IS NULL THEN 'missing_key'
         WHEN s.is_copy THEN 'exact_duplicate'
         WHEN s.total IS NULL THEN 'invalid_amount'
         WHEN s.at IS NULL THEN 'invalid_date'
         WHEN s.total < 0 THEN 'negative_amount'
         -- No rate: a currency not configured, blank, or none at all.
         WHEN r.rate IS NULL THEN 'unknown_currency'
         WHEN s.at > $4::timestamptz THEN 'future_date'
         WHEN abs(s.total - coalesce(l.lines_total, 0)) > $6 THEN 'total_mismatch'
       END,
       CASE WHEN abs(s.total - coalesce(l.lines_total, 0)) > $6
            THEN 'total ' || s.total || ' vs lines ' || coalesce(l.lines_total, 0) END,
       s.tid
FROM s LEFT JOIN lines l ON l.order_key = s.source_key
LEFT JOIN (SELECT key AS currency, value::numeric AS rate FROM jsonb_each_text($5::jsonb)) r ON r.currency = s.cur
