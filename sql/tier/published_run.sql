-- The run that published a quarter, or the latest published quarter when $1 is null.
-- $1 quarter (text or null). Returns at most one row: quarter, run_id, published_at.
SELECT quarter, run_id, published_at
FROM marts.published_quarters
WHERE $1::text IS NULL OR quarter = $1::text
ORDER BY quarter DESC
LIMIT 1
