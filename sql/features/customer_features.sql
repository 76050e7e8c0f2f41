-- Indicators per customer over the evaluation window, computed in the warehouse from the run's order
-- aggregates in core.int_feature_parts (customer_feature_parts.sql, every part written), its credit
-- ratings and its golden records.
-- $1 run_id, $2 window end (exclusive; the quarter's end), $3 previous quarter label (for previous_tier).
-- Inserts into core.customer_features; returns row count.
INSERT INTO core.customer_features (
  run_id, customer_id, revenue_cny, gross_profit_cny, margin, order_count, recency_days, avg_payment_days,
  overdue_share, prev_revenue_cny, growth_rate, tenure_days, credit_rating, credit_score, defaults_12m, previous_tier)
WITH agg AS (
  -- The parts' sums per customer: an average is its parts' sum over their count, as avg() computes it.
  SELECT customer_id, sum(revenue) AS revenue, sum(profit) AS profit, sum(orders) AS orders,
         max(last_order_at) AS last_order_at, min(first_order_at) AS first_order_at,
         sum(prev_revenue) AS prev_revenue, sum(pay_days_sum) / nullif(sum(pay_days_n), 0) AS pay_days,
         sum(overdue_cny) / nullif(sum(due_cny), 0) AS overdue
  FROM core.int_feature_parts WHERE run_id = $1
  GROUP BY customer_id
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
), merged_prev AS (
  -- Tier history follows a merge: a survivor without a tier of its own takes the best-scored tier of the
  -- ids merged into it this run. A join, not a lookup per customer (each scanned all the run's merges).
  SELECT DISTINCT ON (m.survivor_customer_id) m.survivor_customer_id AS customer_id, pm.final_tier
  FROM core.customer_merges m
  JOIN marts.fct_customer_quarter pm ON pm.quarter = $3 AND pm.customer_id = m.merged_customer_id
  WHERE m.run_id = $1
  ORDER BY m.survivor_customer_id, pm.score DESC, pm.customer_id
)
SELECT $1, g.customer_id,
       coalesce(a.revenue, 0), coalesce(a.profit, 0), a.profit / nullif(a.revenue, 0), coalesce(a.orders, 0),
       floor(extract(epoch FROM $2::timestamptz - a.last_order_at) / 86400)::int,
       a.pay_days, a.overdue, coalesce(a.prev_revenue, 0),
       CASE WHEN coalesce(a.prev_revenue, 0) > 0 THEN least(coalesce(a.revenue, 0) / a.prev_revenue - 1, 10)
            WHEN coalesce(a.revenue, 0) > 0 THEN 1 ELSE 0 END,
       greatest(0, floor(extract(epoch FROM $2::timestamptz
                 - coalesce(least(a.first_order_at, g.first_seen_at), a.first_order_at, g.first_seen_at, $2::timestamptz)) / 86400))::int,
       cr.rating,
       CASE cr.rating WHEN 'A' THEN 100 WHEN 'B' THEN 75 WHEN 'C' THEN 40 WHEN 'D' THEN 0 END,
       coalesce(cr.defaults, 0),
       coalesce(prev.final_tier, mp.final_tier)
FROM core.int_customers_golden g
LEFT JOIN agg a ON a.customer_id = g.customer_id
LEFT JOIN credit cr ON cr.customer_id = g.customer_id
LEFT JOIN marts.fct_customer_quarter prev ON prev.quarter = $3 AND prev.customer_id = g.customer_id
LEFT JOIN merged_prev mp ON mp.customer_id = g.customer_id
WHERE g.run_id = $1
