-- Takes back an earlier publish of this quarter from the tier history: removes the rows it opened and
-- reopens the rows it closed. $1 quarter, $2 the quarter's effective date. Returns nothing.
WITH removed AS (
  DELETE FROM marts.dim_customer WHERE valid_from_quarter = $1 RETURNING customer_id
)
UPDATE marts.dim_customer d SET valid_to = NULL, is_current = true
WHERE d.valid_to = $2::date AND NOT d.is_current AND d.customer_id IN (SELECT customer_id FROM removed)
