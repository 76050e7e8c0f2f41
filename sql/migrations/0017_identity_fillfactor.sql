-- The persistent identity tables are rewritten in full by every dedupe: each run updates every source row's
-- mapping and every golden record (last_run_id, and whatever changed). On full pages each update writes its
-- new row version elsewhere and an entry in every index; with half of each page free it stays on its page
-- without touching the indexes (a HOT update), and the next run reuses the space the last one freed.
-- At L (1.25 M mappings, 1.0 M customers, every key seen before): the publish 17.3–18.7 s → 7.5–7.7 s,
-- the tables' size steady over reruns. Pages written from now on are filled to half; an existing warehouse
-- gets there as its rows are updated, or at once with VACUUM FULL core.customer_xref, core.customers.
ALTER TABLE core.customer_xref SET (fillfactor = 50);
ALTER TABLE core.customers SET (fillfactor = 50);
