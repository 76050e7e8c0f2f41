-- The report stored for a run by the report stage.
-- Bindings (positional, in order): $1 the largest workbook attached (bytes, int8), $2 run_id (text)
-- Returns at most one row: file_name, file_path, size_bytes (int8 text), sha256, bytes (bytea, NULL when
-- the workbook is larger than $1: the email then names the file, and the worker does not hold 100 MB of
-- workbook for nothing), summary (jsonb).
SELECT file_name, file_path, size_bytes, sha256, CASE WHEN size_bytes <= ? THEN bytes END AS bytes, summary
FROM etl.report_files
WHERE run_id = ?;
