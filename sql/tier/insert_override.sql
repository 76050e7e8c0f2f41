-- Records a manual override or an approved appeal. $1 customer_id, $2 tier, $3 reason, $4 approver,
-- $5 kind (override | appeal), $6 valid_from (date), $7 valid_to (date or null).
-- Returns the new row: override_id, customer_id, tier, reason, approver, kind, valid_from, valid_to, created_at.
INSERT INTO etl.overrides (customer_id, tier, reason, approver, kind, valid_from, valid_to)
VALUES ($1, $2, $3, $4, $5, $6::date, $7::date)
RETURNING override_id, customer_id, tier, reason, approver, kind,
          to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, created_at
