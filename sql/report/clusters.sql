-- K-means cluster sizes of a published quarter (cluster NULL when the threshold method alone was used).
-- Bindings (positional, in order): $1 quarter (text)
-- Returns one row per cluster: cluster (int), customers (int8 text), avg_score (float8).
SELECT cluster, count(*) AS customers, avg(score) AS avg_score
FROM marts.fct_customer_quarter
WHERE quarter = ?
GROUP BY cluster
ORDER BY cluster NULLS LAST;
