-- Every run with what retention decides on (src/ops/retention-plan.ts). No parameters.
-- Returns run_id, kind, quarter, status, created_at, pruned_at, pruned_rows, and extract_done: its extract
-- stage succeeded or was skipped, so it no longer reads another run's staging.
SELECT r.run_id, r.kind, r.quarter, r.status, r.created_at, r.pruned_at, r.pruned_rows,
       coalesce(s.status IN ('succeeded', 'skipped'), false) AS extract_done
FROM etl.runs r
LEFT JOIN etl.stage_runs s ON s.run_id = r.run_id AND s.stage = 'extract'
