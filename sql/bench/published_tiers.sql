-- The tiers a quarter published, as the reference fixture compares them. $1 quarter.
-- Returns one row per customer, by customer_id: customer_id, final_tier, model_tier, score, rules_applied.
SELECT customer_id, final_tier, model_tier, score, rules_applied
FROM marts.fct_customer_quarter
WHERE quarter = $1
ORDER BY customer_id
