-- Extracted / accepted / rejected rows per source table of a run (reconciliation: extracted = accepted + rejected).
-- Bindings (positional, in order): $1 run_id (text)
-- Returns one row per source and entity: source, entity, extracted, accepted, rejected (int8 text, the last two nullable).
SELECT source, entity, extracted, accepted, rejected
FROM etl.source_counts
WHERE run_id = ?
ORDER BY source, entity;
