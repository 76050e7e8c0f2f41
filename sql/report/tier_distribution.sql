-- Customers, revenue and average score per final tier of a published quarter (tiers without customers are absent).
-- Bindings (positional, in order): $1 quarter (text)
-- Returns one row per tier: tier, customers (int8 text), revenue_cny (numeric text), avg_score (float8).
SELECT final_tier AS tier, count(*) AS customers, sum(revenue_cny) AS revenue_cny, avg(score) AS avg_score
FROM marts.fct_customer_quarter
WHERE quarter = ?
GROUP BY final_tier;
