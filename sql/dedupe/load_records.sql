-- The run's clean customers with the customer_id each source row had before this run (on a retry of the
-- run, the id from before its first attempt). $1 run_id. Returns one row per source customer, ordered
-- for determinism; its timestamps as epoch milliseconds of whole seconds (date_part's float8, exact for
-- these: the driver hands over numbers, where text took a Date.parse each and numeric a slower server).
SELECT c.source, c.source_key, c.name, c.name_key, c.phone_e164, c.email, c.region_code, c.credit_code,
       date_part('epoch', date_trunc('second', c.updated_at)) * 1000 AS updated_ms,
       date_part('epoch', date_trunc('second', c.created_at)) * 1000 AS created_ms,
       CASE WHEN x.last_run_id = $1 THEN x.previous_customer_id ELSE x.customer_id END AS previous_id
FROM core.int_customers c
LEFT JOIN core.customer_xref x ON x.source = c.source AND x.source_key = c.source_key
WHERE c.run_id = $1
ORDER BY c.source, c.source_key
