-- Demo ERP source: primary keys (what extraction partitions on) and the updated_at index incremental sync
-- reads, added after the bulk load (faster than loading into them), then fresh planner statistics.
-- No indexes on the reference columns: nothing reads the sources by them, and at 10M orders they cost a minute.
-- Parameters: none. Returns: nothing.
ALTER TABLE erp.customers ADD PRIMARY KEY (id);
ALTER TABLE erp.orders ADD PRIMARY KEY (id);
ALTER TABLE erp.order_lines ADD PRIMARY KEY (id);
ALTER TABLE erp.payments ADD PRIMARY KEY (id);
ALTER TABLE risk.credit_ratings ADD PRIMARY KEY (id);
CREATE INDEX customers_updated_at ON erp.customers (updated_at);
ANALYZE erp.customers, erp.orders, erp.order_lines, erp.payments, risk.credit_ratings;
