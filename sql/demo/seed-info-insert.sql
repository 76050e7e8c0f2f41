-- Records a completed demo seed. $1 customers, $2 seed, $3 anchor (timestamptz), $4 generator version,
-- $5 row counts per table (jsonb), $6 order scale. Returns: nothing.
INSERT INTO truth.seed_info (customers, seed, anchor, generator_version, row_counts, order_scale)
VALUES ($1, $2, $3, $4, $5, $6)
