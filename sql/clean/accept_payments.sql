-- Accepted payments of one source into core. $1 run_id, $2 source. Returns the inserted row count.
INSERT INTO core.int_payments (run_id, source, payment_key, order_key, amount_cny, paid_at)
SELECT $1, $2, source_key, order_key, amount_cny, paid_at FROM cls_payments WHERE reason IS NULL
