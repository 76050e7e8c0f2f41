-- One customer's overrides and approved appeals in force on a date, oldest first (the last one wins);
-- the same filter as active_overrides.sql. $1 customer_id, $2 effective date.
-- Returns customer_id, tier, reason, approver, kind.
SELECT customer_id, tier, reason, approver, kind
FROM etl.overrides
WHERE customer_id = $1 AND removed_at IS NULL
  AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)
ORDER BY created_at, override_id
