-- Forgets one run's extract of one source table before it is read again (a retried extract).
-- $1 run_id, $2 source, $3 entity. Returns nothing. The staging rows are deleted beside it, in code.
WITH w AS (DELETE FROM etl.extract_watermarks WHERE run_id = $1 AND source = $2 AND entity = $3)
DELETE FROM etl.source_counts WHERE run_id = $1 AND source = $2 AND entity = $3
