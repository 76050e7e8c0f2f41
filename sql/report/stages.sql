-- The run's stages in pipeline order, for the run facts on the summary sheet.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns one row per stage: stage, status, attempts, rows_in, rows_out, rows_rejected (int8 text), started_at, finished_at.
SELECT stage, status, attempts, rows_in, rows_out, rows_rejected, started_at, finished_at
FROM etl.stage_runs
WHERE run_id = ?
ORDER BY stage_order, stage;
