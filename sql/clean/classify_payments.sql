-- Classifies one source's staged payments against the orders this run accepted into core (committed
-- before, as for the order lines).
-- $1 run_id, $2 source, $3 time zone, $4 the payments' typed fields (jsonb), $5 true when the source
-- keeps source_key unique, $6 currency rates jsonb (amounts convert at their order's currency).
-- Inserts into cls_payments; returns nothing. Built as classify_orders.
INSERT INTO cls_payments
WITH firsts AS (
  SELECT p.source_key, min(p.row_no) AS row_no
  FROM staging.stg_payments p WHERE p.run_id = $1 AND p.source = $2 AND NOT $5::boolean
  GROUP BY p.source_key HAVING count(*) > 1
), s AS (
  SELECT p.row_no, p.source_key, p.order_key,
         etl.read_numeric(p.amount, $4::jsonb ->> 'amount') AS amt,
         etl.read_timestamptz(p.paid_at, $3, $4::jsonb ->> 'paid_at') AS at,
         p.row_no > coalesce(f.row_no, p.row_no) AS is_copy, p.ctid AS tid
  FROM staging.stg_payments p LEFT JOIN firsts f ON f.source_key = p.source_key
  WHERE p.run_id = $1 AND p.source = $2
  OFFSET 0
)
SELECT s.row_no, s.source_key, s.order_key,
       (CASE WHEN o.rate = 1 THEN s.amt ELSE s.amt * o.rate END)::numeric(18, 2), s.at,
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.order_key), '') IS NULL THEN 'missing_key'
         WHEN s.is_copy THEN 'exact_duplicate'
         WHEN s.amt IS NULL THEN 'invalid_amount'
         WHEN s.at IS NULL THEN 'invalid_date'
         WHEN s.amt < 0 THEN 'negative_amount'
         -- Rejected orders looked up only for payments whose order is missing, as for the order lines.
         WHEN o.order_key IS NULL AND s.order_key IN (
           SELECT source_key FROM etl.rejects WHERE run_id = $1 AND source = $2 AND entity = 'order'
         ) THEN 'parent_rejected'
         WHEN o.order_key IS NULL THEN 'orphan_order'
       END,
       NULL::text,
       s.tid
FROM s
LEFT JOIN (SELECT i.order_key, r.rate FROM core.int_orders i
           LEFT JOIN (SELECT key AS currency, value::numeric AS rate FROM jsonb_each_text($6::jsonb)) r
             ON r.currency = i.currency
           WHERE i.run_id = $1 AND i.source = $2) o
  ON o.order_key = s.order_key
