-- Customers of a published quarter whose tier a rule or a manual override touched: final tier differs from
-- the model tier, a rule is recorded in rules_applied, or is_override. For overrides, the reason of the
-- override/appeal in force during the quarter (latest first).
-- Bindings (positional, in order): $1 quarter (text)   $2 tier codes highest first, comma-separated (text; codes are [a-z0-9_-])
-- Returns one row per customer: customer_id, customer_name, previous_tier, model_tier, final_tier, rules_applied (jsonb),
-- tags (text[]), is_override, override_reason, override_approver, override_kind; ordered by final tier, then score.
WITH p AS (
  SELECT ?::text AS quarter, string_to_array(?::text, ',') AS tiers
), b AS (
  SELECT p.*, make_date(left(p.quarter, 4)::int, (right(p.quarter, 1)::int - 1) * 3 + 1, 1) AS quarter_start FROM p
)
SELECT f.customer_id, f.customer_name, f.previous_tier, f.model_tier, f.final_tier, f.rules_applied, f.tags,
       f.is_override, o.reason AS override_reason, o.approver AS override_approver, o.kind AS override_kind
FROM marts.fct_customer_quarter f
CROSS JOIN b
LEFT JOIN LATERAL (
  SELECT ov.reason, ov.approver, ov.kind
  FROM etl.overrides ov
  WHERE f.is_override -- looked up only for the customers it concerns, not for every one listed
    AND ov.customer_id = f.customer_id
    AND ov.removed_at IS NULL
    AND ov.valid_from < (b.quarter_start + interval '3 months')::date
    AND (ov.valid_to IS NULL OR ov.valid_to >= b.quarter_start)
  ORDER BY ov.created_at DESC, ov.override_id DESC
  LIMIT 1
) o ON f.is_override
WHERE f.quarter = b.quarter
  AND (f.final_tier <> f.model_tier
       OR f.is_override
       OR CASE jsonb_typeof(f.rules_applied)
            WHEN 'array' THEN jsonb_array_length(f.rules_applied) > 0
            WHEN 'object' THEN f.rules_applied <> '{}'::jsonb
            ELSE false
          END)
ORDER BY coalesce(array_position(b.tiers, f.final_tier), 2147483647), f.score DESC, f.customer_id;
