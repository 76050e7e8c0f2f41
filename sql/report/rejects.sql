-- Rejected rows of a run by source, entity and reason code.
-- Bindings (positional, in order): $1 run_id (text)
-- Returns one row per reason: source, entity, reason, rows (int8 text), most frequent first.
SELECT source, entity, reason, count(*) AS rows
FROM etl.rejects
WHERE run_id = ?
GROUP BY source, entity, reason
ORDER BY count(*) DESC, source, entity, reason;
