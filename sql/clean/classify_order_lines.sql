-- Classifies one source's staged order lines against the orders this run accepted into core (committed
-- before: lines and payments are cleaned at once, in their own transactions).
-- $1 run_id, $2 source, $3 the lines' typed fields (jsonb), $4 true when the source keeps source_key
-- unique, $5 currency rates jsonb (amounts convert at their order's currency), $6 part and $7 parts: the
-- lines are cleaned in $7 transactions at once, each taking the lines whose order_key hashes to its part
-- (lines without one in part 0). By order, not by line: an order's lines stay together in core as they
-- were staged, which the features' aggregation by order depends on (at L, half its speed when scattered).
-- Repeated line keys are still searched among all the source's lines.
-- Inserts into cls_order_lines; returns nothing. Built as classify_orders.
INSERT INTO cls_order_lines
WITH firsts AS (
  SELECT l.source_key, min(l.row_no) AS row_no
  FROM staging.stg_order_lines l WHERE l.run_id = $1 AND l.source = $2 AND NOT $4::boolean
  GROUP BY l.source_key HAVING count(*) > 1
), s AS (
  SELECT l.row_no, l.source_key, l.order_key,
         etl.read_numeric(l.amount, $3::jsonb ->> 'amount') AS amt,
         etl.read_numeric(l.quantity, $3::jsonb ->> 'quantity') AS qty,
         etl.read_numeric(l.cost_amount, $3::jsonb ->> 'cost_amount') AS cost,
         l.row_no > coalesce(f.row_no, l.row_no) AS is_copy, l.ctid AS tid
  FROM staging.stg_order_lines l LEFT JOIN firsts f ON f.source_key = l.source_key
  WHERE l.run_id = $1 AND l.source = $2
    AND ($7::int = 1 OR (coalesce(hashtext(l.order_key), 0) & 2147483647) % $7::int = $6::int)
  OFFSET 0
)
SELECT s.row_no, s.source_key, s.order_key, s.qty,
       -- Most orders are in the base currency: no multiplication for them (the rounding is the same).
       (CASE WHEN o.rate = 1 THEN s.amt ELSE s.amt * o.rate END)::numeric(18, 2),
       (CASE WHEN o.rate = 1 THEN s.cost ELSE s.cost * o.rate END)::numeric(18, 2),
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.order_key), '') IS NULL THEN 'missing_key'
         WHEN s.is_copy THEN 'exact_duplicate'
         WHEN s.amt IS NULL OR s.qty IS NULL THEN 'invalid_amount'
         -- A staged order that was not accepted was rejected: its key is among the run's order rejects
         -- (committed with the orders), a small set hashed once and looked up only for the lines whose
         -- order is missing (a join probed it for every line).
         WHEN o.order_key IS NULL AND s.order_key IN (
           SELECT source_key FROM etl.rejects WHERE run_id = $1 AND source = $2 AND entity = 'order'
         ) THEN 'parent_rejected'
         WHEN o.order_key IS NULL THEN 'orphan_order'
       END,
       NULL::text,
       s.tid
FROM s
-- Only this part's orders, each with its currency's rate: its lines have no others (half the hash table
-- to build and probe).
LEFT JOIN (SELECT i.order_key, r.rate FROM core.int_orders i
           LEFT JOIN (SELECT key AS currency, value::numeric AS rate FROM jsonb_each_text($5::jsonb)) r
             ON r.currency = i.currency
           WHERE i.run_id = $1 AND i.source = $2
             AND ($7::int = 1 OR (hashtext(i.order_key) & 2147483647) % $7::int = $6::int)) o
  ON o.order_key = s.order_key
