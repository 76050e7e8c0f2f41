-- Summarises the page ranges of a table's BRIN indexes that have no summary yet, and returns how many it
-- summarised. $1 the table (regclass, named by code, never by config).
-- The per-run tables find a run's rows through BRIN on (run_id, source) (migration 0016), but a range
-- without a summary matches every query: until autovacuum's autosummarize gets to it (a minute later at
-- best, never with autovacuum off) each query for one run reads the pages of every run retention keeps.
SELECT coalesce(sum(brin_summarize_new_values(i.indexrelid::regclass)), 0)::int AS ranges
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_am a ON a.oid = c.relam
WHERE i.indrelid = $1::regclass AND a.amname = 'brin'
