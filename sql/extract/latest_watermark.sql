-- The latest completed extract of one source table by another run: what an incremental extract continues from.
-- $1 source, $2 entity, $3 run_id (this run, excluded). Returns at most one row of etl.extract_watermarks.
SELECT run_id, watermark, watermark_column, mapping, rows_total, typed_fields, source_key_unique
FROM etl.extract_watermarks
WHERE source = $1 AND entity = $2 AND run_id <> $3
ORDER BY extracted_at DESC
LIMIT 1
