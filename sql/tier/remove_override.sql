-- Soft-deletes an override (it stays for the audit trail; runs ignore it from now on).
-- $1 override_id. Returns the row when it was removed now; no row when it does not exist or was removed before.
UPDATE etl.overrides SET removed_at = now()
WHERE override_id = $1 AND removed_at IS NULL
RETURNING override_id, customer_id, tier, kind
