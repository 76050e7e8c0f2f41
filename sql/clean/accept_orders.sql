-- Accepted orders of one source into core. $1 run_id, $2 source. Returns the inserted row count.
INSERT INTO core.int_orders (run_id, source, order_key, customer_key, order_at, currency, total_cny, due_at)
SELECT $1, $2, source_key, customer_key, order_at, currency, total_cny, due_at FROM cls_orders WHERE reason IS NULL
