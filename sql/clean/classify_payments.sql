-- Classifies one source's staged payments against the orders accepted in cls_orders.
-- $1 run_id, $2 source, $3 time zone, $4 currency rates jsonb. Inserts into cls_payments.
INSERT INTO cls_payments
WITH s AS MATERIALIZED (
  SELECT p.*, etl.try_numeric(p.amount) AS amt, etl.try_timestamptz(p.paid_at, $3) AS at,
         row_number() OVER (PARTITION BY p.source_key ORDER BY p.row_no) AS copy_no
  FROM staging.stg_payments p WHERE p.run_id = $1 AND p.source = $2
)
SELECT s.row_no, s.source_key, s.order_key,
       (s.amt * ($4::jsonb ->> o.currency)::numeric)::numeric(18, 2), s.at,
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.order_key), '') IS NULL THEN 'missing_key'
         WHEN s.copy_no > 1 THEN 'exact_duplicate'
         WHEN s.amt IS NULL THEN 'invalid_amount'
         WHEN s.at IS NULL THEN 'invalid_date'
         WHEN s.amt < 0 THEN 'negative_amount'
         WHEN o.source_key IS NULL AND EXISTS (SELECT 1 FROM cls_orders r WHERE r.source_key = s.order_key) THEN 'parent_rejected'
         WHEN o.source_key IS NULL THEN 'orphan_order'
       END,
       NULL::text
FROM s LEFT JOIN cls_orders o ON o.source_key = s.order_key AND o.reason IS NULL
