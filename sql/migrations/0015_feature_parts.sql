-- The features stage computes its per-order aggregation in parts at once, each on its own connection (an
-- INSERT … SELECT never runs in parallel, and one statement used one of the machine's cores for 45 s at
-- L), then combines them per customer. core.int_feature_parts holds one run's parts between the two: one
-- row per customer per part, with sums and counts so that averages and shares combine exactly. The stage
-- empties its run's rows when it combines them (so the table is small and has no index); a crash loses
-- nothing the stage cannot compute again.
CREATE UNLOGGED TABLE core.int_feature_parts (
  run_id         text NOT NULL,
  part           int NOT NULL,
  customer_id    text NOT NULL,
  revenue        numeric,
  profit         numeric,
  orders         bigint NOT NULL,
  last_order_at  timestamptz,
  first_order_at timestamptz,
  prev_revenue   numeric,
  pay_days_sum   numeric,
  pay_days_n     bigint NOT NULL,
  overdue_cny    numeric,
  due_cny        numeric
);
