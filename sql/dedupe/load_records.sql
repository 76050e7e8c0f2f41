-- The run's clean customers with the customer_id each source row had before this run (on a retry of the
-- run, the id from before its first attempt). $1 run_id. Returns one row per source customer, ordered
-- for determinism.
SELECT c.source, c.source_key, c.name, c.name_key, c.phone_e164, c.email, c.region_code, c.credit_code,
       to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS updated_at,
       to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
       CASE WHEN x.last_run_id = $1 THEN x.previous_customer_id ELSE x.customer_id END AS previous_id
FROM core.int_customers c
LEFT JOIN core.customer_xref x ON x.source = c.source AND x.source_key = c.source_key
WHERE c.run_id = $1
ORDER BY c.source, c.source_key
