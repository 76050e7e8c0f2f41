-- Tier history as SCD2, step 1: closes the current row of every customer of the quarter whose tier
-- changed, on the effective date. $1 quarter, $2 effective date. Returns rows closed.
-- (Separate from scd2_open: within one statement Postgres may insert the new current row before the
-- CTE's update closes the old one, which the one-current-row index refuses.)
UPDATE marts.dim_customer d SET valid_to = $2::date, is_current = false
FROM marts.fct_customer_quarter f
WHERE f.quarter = $1 AND d.customer_id = f.customer_id AND d.is_current AND d.tier <> f.final_tier
