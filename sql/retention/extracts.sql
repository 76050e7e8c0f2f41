-- Every recorded extract of a source table: which runs incremental extracts continue from. No parameters.
-- Returns run_id, source, entity, extracted_at, base_run_id (one row per run, source and entity).
SELECT run_id, source, entity, extracted_at, base_run_id
FROM etl.extract_watermarks
