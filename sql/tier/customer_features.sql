-- One customer's features of one run, cast exactly as load_features.sql casts them (re-scoring must see
-- the numbers the run saw). $1 run_id, $2 customer_id. Returns at most one row.
SELECT customer_id, revenue_cny::float8 AS revenue_cny, gross_profit_cny::float8 AS gross_profit_cny, margin,
       order_count, recency_days, avg_payment_days, overdue_share, growth_rate, tenure_days,
       credit_rating, credit_score, defaults_12m, previous_tier
FROM core.customer_features WHERE run_id = $1 AND customer_id = $2
