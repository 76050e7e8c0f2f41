-- The per-run fact tables of core lose their primary keys. Accepting 5 million order lines spent 39 s
-- of its 45 s maintaining the (run_id, source, line_key) index: text keys inserted at random into a
-- B-tree that already holds every earlier run's keys. Nothing looks a fact row up by its key — the
-- features aggregate a whole run by hash — and the clean already guarantees one row per key (a repeated
-- key is rejected as exact_duplicate before anything reaches core). What reads need is the run's rows:
-- an index on (run_id, source) whose equal keys are appended at its right edge, almost free to fill.
ALTER TABLE core.int_orders DROP CONSTRAINT int_orders_pkey;
DROP INDEX core.int_orders_customer;
CREATE INDEX int_orders_run ON core.int_orders (run_id, source);
ALTER TABLE core.int_order_lines DROP CONSTRAINT int_order_lines_pkey;
CREATE INDEX int_order_lines_run ON core.int_order_lines (run_id, source);
ALTER TABLE core.int_payments DROP CONSTRAINT int_payments_pkey;
CREATE INDEX int_payments_run ON core.int_payments (run_id, source);
