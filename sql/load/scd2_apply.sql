-- Tier history as SCD2: a customer whose tier changed (or who is new) gets its current row closed on the
-- effective date and a new current row. $1 quarter, $2 effective date, $3 run_id. Returns rows opened.
WITH cur AS (
  SELECT f.customer_id, f.customer_name, f.region_code, f.final_tier
  FROM marts.fct_customer_quarter f WHERE f.quarter = $1
), changed AS (
  SELECT c.* FROM cur c
  LEFT JOIN marts.dim_customer d ON d.customer_id = c.customer_id AND d.is_current
  WHERE d.customer_id IS NULL OR d.tier <> c.final_tier
), closed AS (
  UPDATE marts.dim_customer d SET valid_to = $2::date, is_current = false
  FROM changed c WHERE d.customer_id = c.customer_id AND d.is_current
  RETURNING d.customer_id
)
INSERT INTO marts.dim_customer (customer_id, customer_name, region_code, tier, valid_from_quarter, valid_from, valid_to, is_current, run_id)
SELECT c.customer_id, c.customer_name, c.region_code, c.final_tier, $1, $2::date, NULL, true, $3
FROM changed c
