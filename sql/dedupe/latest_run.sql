-- The most recent run whose dedupe stage succeeded (what `retier dedupe evaluate` scores by default).
-- No parameters. Returns run_id, quarter, finished_at; no row when no run got that far.
SELECT s.run_id, r.quarter, s.finished_at
FROM etl.stage_runs s
JOIN etl.runs r ON r.run_id = s.run_id
WHERE s.stage = 'dedupe' AND s.status = 'succeeded'
ORDER BY s.finished_at DESC, s.run_id DESC
LIMIT 1
