-- One run's tiers as the quarter's fact rows, into the table that replaces the quarter's partition
-- (created by the load moments ago, see load/load.service.ts). $1 run_id, $2 quarter. Returns row count.
INSERT INTO marts.fct_customer_quarter_next (
  quarter, customer_id, run_id, customer_name, region_code, revenue_cny, gross_profit_cny, margin, order_count,
  recency_days, avg_payment_days, overdue_share, growth_rate, tenure_days, credit_rating, defaults_12m, score,
  cluster, model_tier, final_tier, previous_tier, rules_applied, top_contributors, tags, is_override, published_at)
SELECT $2, t.customer_id, t.run_id, g.name, g.region_code, f.revenue_cny, f.gross_profit_cny, f.margin, f.order_count,
       f.recency_days, f.avg_payment_days, f.overdue_share, f.growth_rate, f.tenure_days, f.credit_rating,
       f.defaults_12m, t.score, t.cluster, t.model_tier, t.final_tier, t.previous_tier, t.rules_applied,
       t.top_contributors, t.tags, t.is_override, now()
FROM core.customer_tiers t
JOIN core.customer_features f ON f.run_id = t.run_id AND f.customer_id = t.customer_id
JOIN core.int_customers_golden g ON g.run_id = t.run_id AND g.customer_id = t.customer_id
WHERE t.run_id = $1
