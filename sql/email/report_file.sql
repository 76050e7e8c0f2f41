-- The report stored for a run by the report stage.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns at most one row: file_name, file_path, size_bytes (int8 text), sha256, bytes (bytea), summary (jsonb).
SELECT file_name, file_path, size_bytes, sha256, bytes, summary
FROM etl.report_files
WHERE run_id = ?;
