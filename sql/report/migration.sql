-- Tier migration of a quarter: customers per (previous tier, final tier); previous_tier NULL = new customer.
-- Bindings (positional, in order): $1 quarter (text)
-- Returns one row per pair: previous_tier, final_tier, customers (int8 text).
SELECT previous_tier, final_tier, count(*) AS customers
FROM marts.fct_customer_quarter
WHERE quarter = ?
GROUP BY previous_tier, final_tier;
