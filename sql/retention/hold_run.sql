-- Taken in each delete batch's transaction: the run is still being pruned, and a rerun from extract
-- (which clears pruned_at and queues the run) waits for the batch to commit. $1 run_id.
-- Returns one row while the prune may go on, none once the run was rerun.
SELECT 1 FROM etl.runs
WHERE run_id = $1 AND pruned_at IS NOT NULL AND status NOT IN ('queued', 'running')
FOR SHARE
