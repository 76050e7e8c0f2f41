-- Accepted order lines of one source into core. $1 run_id, $2 source. Returns the inserted row count.
INSERT INTO core.int_order_lines (run_id, source, line_key, order_key, quantity, amount_cny, cost_cny)
SELECT $1, $2, source_key, order_key, quantity, amount_cny, cost_cny FROM cls_order_lines WHERE reason IS NULL
