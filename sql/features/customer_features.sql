-- Indicators per customer over the evaluation window, computed in the warehouse.
-- $1 run_id, $2 window start, $3 window end (exclusive; the quarter's end), $4 previous window start,
-- $5 previous quarter label (for previous_tier). Inserts into core.customer_features; returns row count.
INSERT INTO core.customer_features (
  run_id, customer_id, revenue_cny, gross_profit_cny, margin, order_count, recency_days, avg_payment_days,
  overdue_share, prev_revenue_cny, growth_rate, tenure_days, credit_rating, credit_score, defaults_12m, previous_tier)
WITH co AS (
  SELECT x.customer_id, o.source, o.order_key, o.order_at, o.total_cny, o.due_at
  FROM core.int_orders o
  JOIN core.int_customer_xref x ON x.run_id = o.run_id AND x.source = o.source AND x.source_key = o.customer_key
  WHERE o.run_id = $1 AND o.order_at < $3::timestamptz
), lines AS (
  SELECT source, order_key, sum(amount_cny - coalesce(cost_cny, amount_cny)) AS profit
  FROM core.int_order_lines WHERE run_id = $1 GROUP BY source, order_key
), pay AS (
  SELECT source, order_key, max(paid_at) AS paid_at
  FROM core.int_payments WHERE run_id = $1 AND paid_at < $3::timestamptz GROUP BY source, order_key
), agg AS (
  SELECT co.customer_id,
         sum(co.total_cny) FILTER (WHERE co.order_at >= $2::timestamptz) AS revenue,
         sum(l.profit) FILTER (WHERE co.order_at >= $2::timestamptz) AS profit,
         count(*) FILTER (WHERE co.order_at >= $2::timestamptz) AS orders,
         max(co.order_at) AS last_order_at,
         min(co.order_at) AS first_order_at,
         sum(co.total_cny) FILTER (WHERE co.order_at >= $4::timestamptz AND co.order_at < $2::timestamptz) AS prev_revenue,
         avg(extract(epoch FROM p.paid_at - co.order_at) / 86400)
           FILTER (WHERE co.order_at >= $2::timestamptz AND p.paid_at IS NOT NULL) AS pay_days,
         -- Overdue share by amount: of the window's orders already due, how much was paid late or not at all.
         sum(co.total_cny) FILTER (WHERE co.order_at >= $2::timestamptz AND co.due_at < $3::timestamptz
                                   AND coalesce(p.paid_at, $3::timestamptz) > co.due_at)
           / nullif(sum(co.total_cny) FILTER (WHERE co.order_at >= $2::timestamptz AND co.due_at < $3::timestamptz), 0)
           AS overdue
  FROM co
  LEFT JOIN lines l ON l.source = co.source AND l.order_key = co.order_key
  LEFT JOIN pay p ON p.source = co.source AND p.order_key = co.order_key
  GROUP BY co.customer_id
), latest_credit AS (
  -- Each source row's most recent rating.
  SELECT DISTINCT ON (source, customer_key) source, customer_key, rating, defaults_12m
  FROM core.int_credit WHERE run_id = $1
  ORDER BY source, customer_key, rated_at DESC NULLS LAST, credit_key DESC
), credit AS (
  -- Across a customer's source rows: the worst current rating ('D' sorts last) and all defaults.
  SELECT x.customer_id, max(c.rating) AS rating, sum(c.defaults_12m) AS defaults
  FROM latest_credit c
  JOIN core.int_customer_xref x ON x.run_id = $1 AND x.source = c.source AND x.source_key = c.customer_key
  GROUP BY x.customer_id
)
SELECT $1, g.customer_id,
       coalesce(a.revenue, 0), coalesce(a.profit, 0), a.profit / nullif(a.revenue, 0), coalesce(a.orders, 0),
       floor(extract(epoch FROM $3::timestamptz - a.last_order_at) / 86400)::int,
       a.pay_days, a.overdue, coalesce(a.prev_revenue, 0),
       CASE WHEN coalesce(a.prev_revenue, 0) > 0 THEN least(coalesce(a.revenue, 0) / a.prev_revenue - 1, 10)
            WHEN coalesce(a.revenue, 0) > 0 THEN 1 ELSE 0 END,
       greatest(0, floor(extract(epoch FROM $3::timestamptz
                 - coalesce(least(a.first_order_at, g.first_seen_at), a.first_order_at, g.first_seen_at, $3::timestamptz)) / 86400))::int,
       cr.rating,
       CASE cr.rating WHEN 'A' THEN 100 WHEN 'B' THEN 75 WHEN 'C' THEN 40 WHEN 'D' THEN 0 END,
       coalesce(cr.defaults, 0),
       -- Tier history follows a merge: a survivor without a tier of its own takes its merged ids'.
       coalesce(prev.final_tier, (
         SELECT pm.final_tier FROM core.customer_merges m
         JOIN marts.fct_customer_quarter pm ON pm.quarter = $5 AND pm.customer_id = m.merged_customer_id
         WHERE m.run_id = $1 AND m.survivor_customer_id = g.customer_id
         ORDER BY pm.score DESC LIMIT 1))
FROM core.int_customers_golden g
LEFT JOIN agg a ON a.customer_id = g.customer_id
LEFT JOIN credit cr ON cr.customer_id = g.customer_id
LEFT JOIN marts.fct_customer_quarter prev ON prev.quarter = $5 AND prev.customer_id = g.customer_id
WHERE g.run_id = $1
