-- The tier model the tier stage stored for a run (weights, CR, centroids, ...; shape owned by the tier stage).
-- Bindings (positional, in order): $1 run_id (text)
-- Returns at most one row: model (jsonb).
SELECT model
FROM etl.tier_models
WHERE run_id = ?;
