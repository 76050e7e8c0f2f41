-- Tier history as SCD2, step 2: a current row for every customer of the quarter that has none (new, or
-- closed by scd2_close). Reads the quarter's new facts as scd2_close. $1 quarter, $2 effective date,
-- $3 run_id. Returns rows opened.
INSERT INTO marts.dim_customer (customer_id, customer_name, region_code, tier, valid_from_quarter, valid_from, valid_to, is_current, run_id)
SELECT f.customer_id, f.customer_name, f.region_code, f.final_tier, $1, $2::date, NULL, true, $3
FROM marts.fct_customer_quarter_next f
WHERE NOT EXISTS (SELECT 1 FROM marts.dim_customer d WHERE d.customer_id = f.customer_id AND d.is_current)
