-- Stores a run's report workbook in one binary COPY, so the file's bytes stream from disk into the table
-- instead of being held in memory (and copied again into one huge bind message).
-- Parameters: none (COPY FROM STDIN, binary format); fields in this order: run_id (text), file_name (text),
-- file_path (text), size_bytes (int8), bytes (bytea), sha256 (text, hex), summary (jsonb). Returns nothing.
COPY etl.report_files (run_id, file_name, file_path, size_bytes, bytes, sha256, summary) FROM STDIN (FORMAT binary)
