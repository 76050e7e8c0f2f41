-- Tier history as SCD2, step 1: closes the current row of every customer of the quarter whose tier
-- changed, on the effective date. Reads the quarter's new facts (marts.fct_customer_quarter_next, before
-- they replace the quarter's partition). $1 effective date. Returns rows closed.
-- (Separate from scd2_open: within one statement Postgres may insert the new current row before the
-- CTE's update closes the old one, which the one-current-row index refuses.)
UPDATE marts.dim_customer d SET valid_to = $1::date, is_current = false
FROM marts.fct_customer_quarter_next f
WHERE d.customer_id = f.customer_id AND d.is_current AND d.tier <> f.final_tier
