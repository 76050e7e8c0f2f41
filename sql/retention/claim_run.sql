-- Marks a run as being pruned before any of its rows go, so `retier retry` refuses it from now on.
-- $1 run_id. Returns the run's pruned_at; no row when the run became active meanwhile (a retry or a rerun
-- won the race) or a prune of it already finished. An interrupted prune keeps its first pruned_at.
UPDATE etl.runs SET pruned_at = coalesce(pruned_at, now())
WHERE run_id = $1 AND status NOT IN ('queued', 'running') AND pruned_rows IS NULL
RETURNING pruned_at
