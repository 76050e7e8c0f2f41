-- Removes the stored report of a run before it is copied in again (same transaction as the COPY).
-- $1 run_id (text). Returns nothing.
DELETE FROM etl.report_files WHERE run_id = $1
