-- One source's staged customers in extraction order, with a duplicate verdict computed in SQL:
-- 'exact_duplicate' for a repeat of an identical row, 'duplicate_key' for another row with the same key
-- (the most recently updated copy wins). $1 run_id, $2 source, $3 true when the source keeps source_key
-- unique (then neither can happen, and the two sorts of every row are skipped: the branch whose
-- condition is false is never run). Returns staged columns + dup_reason.
SELECT s.row_no, s.source_key, s.name, s.phone, s.email, s.region, s.credit_code, s.created_at, s.updated_at,
       CASE
         WHEN row_number() OVER (PARTITION BY s.source_key, s.name, s.phone, s.email, s.region, s.credit_code,
                                              s.created_at, s.updated_at ORDER BY s.row_no) > 1 THEN 'exact_duplicate'
         WHEN nullif(btrim(s.source_key), '') IS NOT NULL
              AND row_number() OVER (PARTITION BY s.source_key ORDER BY s.updated_at DESC NULLS LAST, s.row_no) > 1
              THEN 'duplicate_key'
       END AS dup_reason
FROM staging.stg_customers s
WHERE s.run_id = $1 AND s.source = $2 AND NOT $3::boolean
UNION ALL
SELECT s.row_no, s.source_key, s.name, s.phone, s.email, s.region, s.credit_code, s.created_at, s.updated_at,
       NULL
FROM staging.stg_customers s
WHERE s.run_id = $1 AND s.source = $2 AND $3::boolean
ORDER BY row_no
