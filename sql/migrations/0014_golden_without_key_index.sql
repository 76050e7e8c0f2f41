-- core.int_customers_golden (one run's golden records) trades its (run_id, customer_id) primary key for a
-- (run_id) index, as the cross-reference did in 0012: COPYing 1 million golden records spent half its
-- 9–11 s maintaining the key (5 s without it). Every reader takes a whole run (features, load and the
-- publish join it by hash). One row per customer id is guaranteed by the dedupe (one id per cluster),
-- and checked when the run is published into core.customers, whose customer_id key refuses a second
-- row for the same id in one statement.
ALTER TABLE core.int_customers_golden DROP CONSTRAINT int_customers_golden_pkey;
CREATE INDEX int_customers_golden_run ON core.int_customers_golden (run_id);
