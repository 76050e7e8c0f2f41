-- The customers of one final tier in a published quarter, best score first: streamed into a tier list sheet.
-- Bindings (positional, in order): $1 quarter (text)   $2 final tier code (text)
-- Returns one row per customer: customer_id, customer_name, region_code, score, revenue_cny, gross_profit_cny
-- (numeric text), order_count, recency_days, previous_tier, final_tier, rules_applied (jsonb).
SELECT customer_id, customer_name, region_code, score, revenue_cny, gross_profit_cny, order_count, recency_days,
       previous_tier, final_tier, rules_applied
FROM marts.fct_customer_quarter
WHERE quarter = ? AND final_tier = ?
ORDER BY score DESC, customer_id;
