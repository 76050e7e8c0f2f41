-- The run a report is built for.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns at most one row: run_id, quarter, trigger, status, config_hash, as_of_at, created_at, started_at, finished_at.
SELECT run_id, quarter, trigger, status, config_hash, as_of_at, created_at, started_at, finished_at
FROM etl.runs
WHERE run_id = ?;
