-- Looks a customer id up before an override is recorded for it: its name when it is a current customer,
-- or the customer it was merged into. $1 customer_id.
-- Returns at most one row: customer_id, name (null when unknown), merged_into (null unless merged).
SELECT $1::text AS customer_id,
       (SELECT name FROM core.customers WHERE customer_id = $1) AS name,
       (SELECT m.survivor_customer_id FROM core.customer_merges m
        JOIN etl.runs r ON r.run_id = m.run_id
        WHERE m.merged_customer_id = $1 ORDER BY r.created_at DESC LIMIT 1) AS merged_into
