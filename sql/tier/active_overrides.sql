-- Manual overrides and approved appeals in force on a date, oldest first (the last one wins).
-- $1 effective date. Returns customer_id, tier, reason, approver, kind.
SELECT customer_id, tier, reason, approver, kind
FROM etl.overrides
WHERE removed_at IS NULL AND valid_from <= $1::date AND (valid_to IS NULL OR valid_to >= $1::date)
ORDER BY created_at, override_id
