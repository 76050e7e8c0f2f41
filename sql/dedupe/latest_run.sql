-- The most recent run with dedupe output (what `retier dedupe evaluate` scores by default).
-- No parameters. Returns run_id and quarter; no row when no run has been deduplicated yet.
SELECT r.run_id, r.quarter
FROM etl.runs r
WHERE EXISTS (SELECT 1 FROM core.int_customer_xref x WHERE x.run_id = r.run_id)
ORDER BY r.created_at DESC, r.run_id DESC
LIMIT 1
