-- The run's customer features for scoring. $1 run_id. Returns one row per customer, ordered by id
-- so that the same inputs always reach K-means in the same order. By the ids' bytes (COLLATE "C"):
-- the same order whatever the warehouse's collation, and a sort with abbreviated keys — at L the
-- query took 4.6–7.9 s sorted by the database's C.UTF-8, 1.7 s so.
SELECT customer_id, revenue_cny::float8 AS revenue_cny, gross_profit_cny::float8 AS gross_profit_cny, margin,
       order_count, recency_days, avg_payment_days, overdue_share, growth_rate, tenure_days,
       credit_rating, credit_score, defaults_12m, previous_tier
FROM core.customer_features WHERE run_id = $1
ORDER BY customer_id COLLATE "C"
