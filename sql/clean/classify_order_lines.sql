-- Classifies one source's staged order lines against the orders accepted in cls_orders.
-- $1 run_id, $2 source, $3 currency rates jsonb. Inserts into cls_order_lines; returns nothing.
INSERT INTO cls_order_lines
WITH s AS MATERIALIZED (
  SELECT l.*, etl.try_numeric(l.amount) AS amt, etl.try_numeric(l.quantity) AS qty,
         etl.try_numeric(l.cost_amount) AS cost,
         row_number() OVER (PARTITION BY l.source_key ORDER BY l.row_no) AS copy_no
  FROM staging.stg_order_lines l WHERE l.run_id = $1 AND l.source = $2
)
SELECT s.row_no, s.source_key, s.order_key, s.qty,
       (s.amt * ($3::jsonb ->> o.currency)::numeric)::numeric(18, 2),
       (s.cost * ($3::jsonb ->> o.currency)::numeric)::numeric(18, 2),
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.order_key), '') IS NULL THEN 'missing_key'
         WHEN s.copy_no > 1 THEN 'exact_duplicate'
         WHEN s.amt IS NULL OR s.qty IS NULL THEN 'invalid_amount'
         WHEN o.source_key IS NULL AND EXISTS (SELECT 1 FROM cls_orders r WHERE r.source_key = s.order_key) THEN 'parent_rejected'
         WHEN o.source_key IS NULL THEN 'orphan_order'
       END,
       NULL::text
FROM s LEFT JOIN cls_orders o ON o.source_key = s.order_key AND o.reason IS NULL
