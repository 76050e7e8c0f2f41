-- Removes the stored report of a run before it is written again (same transaction as the insert).
-- Bindings (positional, in order): $1 run_id (text)
-- Returns nothing.
DELETE FROM etl.report_files WHERE run_id = ?;
