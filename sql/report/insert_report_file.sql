-- Stores a run's report workbook: the file's bytes, where it is on disk and the summary numbers.
-- Bindings (positional, in order): $1 run_id   $2 file_name   $3 file_path   $4 size_bytes   $5 sha256 (hex)   $6 bytes (bytea)   $7 summary (json text)
-- Returns nothing.
INSERT INTO etl.report_files (run_id, file_name, file_path, size_bytes, sha256, bytes, summary)
VALUES (?, ?, ?, ?, ?, ?, ?::jsonb);
