-- Classifies one source's staged credit ratings. $1 run_id, $2 source, $3 time zone, $4 the ratings' typed
-- fields (jsonb). Inserts into cls_credit. Runs while the customers are still being cleaned: ratings of
-- customers that were not accepted are marked by clean/mark_orphan_credit once they are committed.
INSERT INTO cls_credit
WITH s AS MATERIALIZED (
  SELECT c.*, c.ctid AS tid, upper(btrim(c.rating)) AS r, etl.read_numeric(c.defaults_12m, $4::jsonb ->> 'defaults_12m') AS d,
         row_number() OVER (PARTITION BY c.source_key ORDER BY c.row_no) AS copy_no
  FROM staging.stg_credit c WHERE c.run_id = $1 AND c.source = $2
)
SELECT s.row_no, s.source_key, s.customer_key, s.r, s.d::int, etl.read_timestamptz(s.rated_at, $3, $4::jsonb ->> 'rated_at'),
       CASE
         WHEN nullif(btrim(s.source_key), '') IS NULL OR nullif(btrim(s.customer_key), '') IS NULL THEN 'missing_key'
         WHEN s.copy_no > 1 THEN 'exact_duplicate'
         WHEN s.r IS NULL OR s.r !~ '^[A-D]$' OR s.d IS NULL OR s.d < 0 THEN 'invalid_value'
       END,
       NULL::text,
       s.tid
FROM s
