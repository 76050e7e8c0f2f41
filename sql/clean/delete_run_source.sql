-- Removes one run's clean output for one source (a retried clean replaces its own rows).
-- $1 run_id, $2 source. Returns nothing.
WITH a AS (DELETE FROM core.int_customers WHERE run_id = $1 AND source = $2),
     b AS (DELETE FROM core.int_orders WHERE run_id = $1 AND source = $2),
     c AS (DELETE FROM core.int_order_lines WHERE run_id = $1 AND source = $2),
     d AS (DELETE FROM core.int_payments WHERE run_id = $1 AND source = $2),
     e AS (DELETE FROM core.int_credit WHERE run_id = $1 AND source = $2),
     f AS (DELETE FROM etl.field_flags WHERE run_id = $1 AND source = $2),
     -- Counts are added up again by each transaction of the clean (order lines come in parts).
     g AS (UPDATE etl.source_counts SET accepted = NULL, rejected = NULL WHERE run_id = $1 AND source = $2)
DELETE FROM etl.rejects WHERE run_id = $1 AND source = $2
