-- A run's stored tier model. $1 run_id. Returns at most one row: quarter, config_hash, model (jsonb).
SELECT quarter, config_hash, model FROM etl.tier_models WHERE run_id = $1
