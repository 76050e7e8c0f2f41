-- The model K-means starts from: that of the run that published the latest quarter before this one; when
-- there is none (the first quarter) but this quarter has been published, that publish's own model. Every run
-- of a quarter then starts from the same centres, and a rerun of a first quarter (corrected sources, merges)
-- from the centres its first run found, instead of fresh random inits, which on slightly changed data may
-- settle in another optimum: at L, such a rerun with 0.2 % of customers merged moved 308 597 of 1 002 529
-- model tiers (its inertia 2.3 % worse than the first run's).
-- $1 quarter (text, YYYYQn; quarters sort as text). Returns at most one row: quarter, run_id, model (jsonb).
SELECT pq.quarter, pq.run_id, m.model
FROM marts.published_quarters pq
JOIN etl.tier_models m ON m.run_id = pq.run_id
WHERE pq.quarter <= $1
ORDER BY pq.quarter < $1 DESC, pq.quarter DESC
LIMIT 1
