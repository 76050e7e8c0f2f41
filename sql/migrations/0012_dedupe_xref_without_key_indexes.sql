-- core.int_customer_xref (one run's source customer → customer id) loses its two text-key indexes, as
-- core's fact tables did in 0010: COPYing 1.25 million rows spent 13 s of 16 s maintaining
-- (run_id, source, source_key) and (run_id, customer_id), keys arriving in cluster order, at random
-- places in B-trees that hold every earlier run's keys. Nothing looks a row up by key: the features join
-- a whole run by hash, the publish reads a whole run, the tools count or sort it. One row per source
-- customer is guaranteed by the dedupe (one cluster per clean row, and the clean rejects repeated keys),
-- and checked again when the run is published into core.customer_xref, whose (source, source_key) key
-- refuses a second row for the same customer in one statement.
ALTER TABLE core.int_customer_xref DROP CONSTRAINT int_customer_xref_pkey;
DROP INDEX core.int_customer_xref_customer;
CREATE INDEX int_customer_xref_run ON core.int_customer_xref (run_id, source);
