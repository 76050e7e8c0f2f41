-- Records a finished extract of one source table: its row count for reconciliation and its watermark.
-- $1 run_id, $2 source, $3 entity, $4 mode, $5 watermark_column, $6 watermark, $7 mapping, $8 base_run_id,
-- $9 rows_read, $10 rows_total, $11 partitions, $12 typed_fields (jsonb), $13 source_key_unique. Returns nothing.
WITH c AS (
  INSERT INTO etl.source_counts (run_id, source, entity, extracted) VALUES ($1, $2, $3, $10)
  ON CONFLICT (run_id, source, entity) DO UPDATE SET extracted = EXCLUDED.extracted, accepted = NULL, rejected = NULL
)
INSERT INTO etl.extract_watermarks
  (run_id, source, entity, mode, watermark_column, watermark, mapping, base_run_id, rows_read, rows_total, partitions, typed_fields,
   source_key_unique)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
ON CONFLICT (run_id, source, entity) DO UPDATE SET
  mode = EXCLUDED.mode, watermark_column = EXCLUDED.watermark_column, watermark = EXCLUDED.watermark,
  mapping = EXCLUDED.mapping, base_run_id = EXCLUDED.base_run_id, rows_read = EXCLUDED.rows_read,
  rows_total = EXCLUDED.rows_total, partitions = EXCLUDED.partitions,
  typed_fields = EXCLUDED.typed_fields, source_key_unique = EXCLUDED.source_key_unique, extracted_at = now()
