-- What a run stored for one customer, to compare a re-score with. $1 run_id, $2 customer_id.
-- Returns at most one row: score, cluster, threshold_tier, kmeans_tier, model_tier, final_tier, rules_applied.
SELECT score, cluster, threshold_tier, kmeans_tier, model_tier, final_tier, rules_applied
FROM core.customer_tiers WHERE run_id = $1 AND customer_id = $2
