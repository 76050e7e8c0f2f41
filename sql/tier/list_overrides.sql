-- Overrides and appeals, oldest first, with their state on a date: active, scheduled (starts later),
-- expired, or removed. $1 date (the caller's today), $2 include all (boolean; false: active and scheduled only).
-- Returns override_id, customer_id, tier, kind, reason, approver, valid_from, valid_to (text dates),
-- created_at, removed_at, state.
SELECT override_id, customer_id, tier, kind, reason, approver,
       to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to,
       created_at, removed_at, s.state
FROM etl.overrides o
CROSS JOIN LATERAL (
  SELECT CASE WHEN o.removed_at IS NOT NULL THEN 'removed'
              WHEN o.valid_to IS NOT NULL AND o.valid_to < $1::date THEN 'expired'
              WHEN o.valid_from > $1::date THEN 'scheduled'
              ELSE 'active' END AS state
) s
WHERE $2::boolean OR s.state IN ('active', 'scheduled')
ORDER BY created_at, override_id
