-- Takes back an earlier publish of this quarter, step 2: reopens the rows it closed on the effective
-- date, for customers left without a current row. $1 effective date. Returns rows reopened.
UPDATE marts.dim_customer d SET valid_to = NULL, is_current = true
WHERE d.valid_to = $1::date AND NOT d.is_current
  AND NOT EXISTS (SELECT 1 FROM marts.dim_customer c WHERE c.customer_id = d.customer_id AND c.is_current)
