-- Head-customer contribution: revenue of the top ceil(n × share) customers by revenue in a quarter.
-- Bindings (positional, in order): $1 quarter (text)   $2 top share (numeric, 0 < share < 1; bound as text-exact numeric so 0.2 × 15 = 3)
-- Returns one row: customers, head_customers (int8 text), head_revenue_cny, total_revenue_cny (numeric text).
WITH p AS (SELECT ?::text AS quarter, ?::numeric AS top_share),
ranked AS (
  SELECT f.revenue_cny,
         -- Ties in revenue are broken by the id's bytes: which of equal revenues falls inside the head changes
         -- neither sum nor count, and a byte comparison is cheaper than the collation's (at L 3.1 → 2.4–2.8 s).
         row_number() OVER (ORDER BY f.revenue_cny DESC, f.customer_id COLLATE "C") AS rn,
         count(*) OVER () AS n
  FROM marts.fct_customer_quarter f, p
  WHERE f.quarter = p.quarter
)
SELECT count(*) AS customers,
       count(*) FILTER (WHERE r.rn <= ceil(r.n * p.top_share)) AS head_customers,
       coalesce(sum(r.revenue_cny) FILTER (WHERE r.rn <= ceil(r.n * p.top_share)), 0) AS head_revenue_cny,
       coalesce(sum(r.revenue_cny), 0) AS total_revenue_cny
FROM ranked r, p;
