-- The completed demo seed, if any. Parameters: none.
-- Returns: customers, seed (text), anchor (timestamptz), generator_version, row_counts (jsonb), order_scale;
-- at most one row.
SELECT customers, seed::text AS seed, anchor, generator_version, row_counts, order_scale
FROM truth.seed_info
ORDER BY created_at DESC
LIMIT 1
