-- One part of the indicators per customer over the evaluation window: the run's orders whose key hashes
-- to part $5 of $6, with their lines and payments (an order's lines and payments have its key, so each
-- part sees whole orders). A customer's orders spread over the parts: sums and counts are kept, to be
-- combined per customer by customer_features.sql.
-- $1 run_id, $2 window start, $3 window end (exclusive; the quarter's end), $4 previous window start,
-- $5 part (0 … $6 - 1), $6 parts. Inserts into core.int_feature_parts; returns nothing.
INSERT INTO core.int_feature_parts (
  run_id, part, customer_id, revenue, profit, orders, last_order_at, first_order_at, prev_revenue,
  pay_days_sum, pay_days_n, overdue_cny, due_cny)
WITH co AS (
  SELECT x.customer_id, o.source, o.order_key, o.order_at, o.total_cny, o.due_at
  FROM core.int_orders o
  JOIN core.int_customer_xref x ON x.run_id = o.run_id AND x.source = o.source AND x.source_key = o.customer_key
  WHERE o.run_id = $1 AND o.order_at < $3::timestamptz AND (hashtext(o.order_key) & 2147483647) % $6::int = $5::int
), lines AS (
  SELECT source, order_key, sum(amount_cny - coalesce(cost_cny, amount_cny)) AS profit
  FROM core.int_order_lines
  WHERE run_id = $1 AND (hashtext(order_key) & 2147483647) % $6::int = $5::int
  GROUP BY source, order_key
), pay AS (
  SELECT source, order_key, max(paid_at) AS paid_at
  FROM core.int_payments
  WHERE run_id = $1 AND paid_at < $3::timestamptz AND (hashtext(order_key) & 2147483647) % $6::int = $5::int
  GROUP BY source, order_key
)
SELECT $1, $5::int, co.customer_id,
       sum(co.total_cny) FILTER (WHERE co.order_at >= $2::timestamptz),
       sum(l.profit) FILTER (WHERE co.order_at >= $2::timestamptz),
       count(*) FILTER (WHERE co.order_at >= $2::timestamptz),
       max(co.order_at),
       min(co.order_at),
       sum(co.total_cny) FILTER (WHERE co.order_at >= $4::timestamptz AND co.order_at < $2::timestamptz),
       sum(extract(epoch FROM p.paid_at - co.order_at) / 86400)
         FILTER (WHERE co.order_at >= $2::timestamptz AND p.paid_at IS NOT NULL),
       count(*) FILTER (WHERE co.order_at >= $2::timestamptz AND p.paid_at IS NOT NULL),
       -- Overdue share by amount: of the window's orders already due, how much was paid late or not at all.
       sum(co.total_cny) FILTER (WHERE co.order_at >= $2::timestamptz AND co.due_at < $3::timestamptz
                                 AND coalesce(p.paid_at, $3::timestamptz) > co.due_at),
       sum(co.total_cny) FILTER (WHERE co.order_at >= $2::timestamptz AND co.due_at < $3::timestamptz)
FROM co
LEFT JOIN lines l ON l.source = co.source AND l.order_key = co.order_key
LEFT JOIN pay p ON p.source = co.source AND p.order_key = co.order_key
GROUP BY co.customer_id
