-- Agreement between the threshold and K-means tiers of a run's customers.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns one row: customers, compared (both methods gave a tier), agreeing (same tier) (int8 text).
SELECT count(*) AS customers,
       count(kmeans_tier) AS compared,
       count(*) FILTER (WHERE kmeans_tier = threshold_tier) AS agreeing
FROM core.customer_tiers
WHERE run_id = ?;
