-- Fields nulled and flagged by the clean stage of a run.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns one row per flag: source, entity, flag, rows (int8 text).
SELECT source, entity, flag, row_count AS rows
FROM etl.field_flags
WHERE run_id = ?
ORDER BY row_count DESC, source, entity, flag;
