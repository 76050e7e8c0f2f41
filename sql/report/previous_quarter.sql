-- The latest published quarter before the given one (quarters as YYYYQn sort as text).
-- Bindings (positional, in order): $1 quarter (text)
-- Returns one row: quarter (NULL when none was published before).
WITH p AS (SELECT ?::text AS quarter)
SELECT greatest(
  (SELECT max(pq.quarter) FROM marts.published_quarters pq WHERE pq.quarter < p.quarter),
  (SELECT max(f.quarter) FROM marts.fct_customer_quarter f WHERE f.quarter < p.quarter)
) AS quarter
FROM p;
