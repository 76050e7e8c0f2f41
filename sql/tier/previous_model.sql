-- The model of the run that published the latest quarter before this one (for the K-means warm start).
-- $1 quarter (text, YYYYQn; quarters sort as text). Returns at most one row: quarter, run_id, model (jsonb).
SELECT pq.quarter, pq.run_id, m.model
FROM marts.published_quarters pq
JOIN etl.tier_models m ON m.run_id = pq.run_id
WHERE pq.quarter < $1
ORDER BY pq.quarter DESC
LIMIT 1
