-- Per-transaction work tables for the clean stage: one row per staged row with its reject reason
-- (NULL = accepted) and where the staged row lies (its ctid: the transaction keeps staging locked against
-- anything that moves rows, so it holds until commit). No parameters; dropped at commit.
CREATE TEMP TABLE cls_orders (
  row_no bigint, source_key text, customer_key text, order_at timestamptz, currency text, total numeric,
  due_at timestamptz, total_cny numeric(18, 2), reason text, detail text, tid tid
) ON COMMIT DROP;
CREATE TEMP TABLE cls_order_lines (
  row_no bigint, source_key text, order_key text, quantity numeric, amount_cny numeric(18, 2),
  cost_cny numeric(18, 2), reason text, detail text, tid tid
) ON COMMIT DROP;
CREATE TEMP TABLE cls_payments (
  row_no bigint, source_key text, order_key text, amount_cny numeric(18, 2), paid_at timestamptz,
  reason text, detail text, tid tid
) ON COMMIT DROP;
CREATE TEMP TABLE cls_credit (
  row_no bigint, source_key text, customer_key text, rating text, defaults_12m int, rated_at timestamptz,
  reason text, detail text, tid tid
) ON COMMIT DROP;
