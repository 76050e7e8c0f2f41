-- Stage outputs, each keyed by run_id so a retried stage replaces only its own run's rows.

-- staging: raw values exactly as extracted (text), renamed to canonical fields; no casts, no joins.
CREATE TABLE staging.stg_customers (
  run_id text NOT NULL, source text NOT NULL, row_no bigint NOT NULL,
  source_key text, name text, phone text, email text, region text, credit_code text,
  created_at text, updated_at text
);
CREATE INDEX stg_customers_run ON staging.stg_customers (run_id, source);
CREATE TABLE staging.stg_orders (
  run_id text NOT NULL, source text NOT NULL, row_no bigint NOT NULL,
  source_key text, customer_key text, order_at text, currency text, total_amount text, due_at text
);
CREATE INDEX stg_orders_run ON staging.stg_orders (run_id, source);
CREATE TABLE staging.stg_order_lines (
  run_id text NOT NULL, source text NOT NULL, row_no bigint NOT NULL,
  source_key text, order_key text, quantity text, amount text, cost_amount text
);
CREATE INDEX stg_order_lines_run ON staging.stg_order_lines (run_id, source);
CREATE TABLE staging.stg_payments (
  run_id text NOT NULL, source text NOT NULL, row_no bigint NOT NULL,
  source_key text, order_key text, amount text, paid_at text
);
CREATE INDEX stg_payments_run ON staging.stg_payments (run_id, source);
CREATE TABLE staging.stg_credit (
  run_id text NOT NULL, source text NOT NULL, row_no bigint NOT NULL,
  source_key text, customer_key text, rating text, defaults_12m text, rated_at text
);
CREATE INDEX stg_credit_run ON staging.stg_credit (run_id, source);

-- core: clean, typed rows (int_ = intermediate, per run).
CREATE TABLE core.int_customers (
  run_id text NOT NULL, source text NOT NULL, source_key text NOT NULL,
  name text NOT NULL, name_key text NOT NULL, phone_e164 text, email text,
  region_code text, credit_code text, created_at timestamptz, updated_at timestamptz,
  flags text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, source, source_key)
);
CREATE TABLE core.int_orders (
  run_id text NOT NULL, source text NOT NULL, order_key text NOT NULL, customer_key text NOT NULL,
  order_at timestamptz NOT NULL, currency text NOT NULL, total_cny numeric(18, 2) NOT NULL,
  due_at timestamptz,
  PRIMARY KEY (run_id, source, order_key)
);
CREATE INDEX int_orders_customer ON core.int_orders (run_id, source, customer_key);
CREATE TABLE core.int_order_lines (
  run_id text NOT NULL, source text NOT NULL, line_key text NOT NULL, order_key text NOT NULL,
  quantity numeric(18, 3) NOT NULL, amount_cny numeric(18, 2) NOT NULL, cost_cny numeric(18, 2),
  PRIMARY KEY (run_id, source, line_key)
);
CREATE TABLE core.int_payments (
  run_id text NOT NULL, source text NOT NULL, payment_key text NOT NULL, order_key text NOT NULL,
  amount_cny numeric(18, 2) NOT NULL, paid_at timestamptz NOT NULL,
  PRIMARY KEY (run_id, source, payment_key)
);
CREATE TABLE core.int_credit (
  run_id text NOT NULL, source text NOT NULL, credit_key text NOT NULL, customer_key text NOT NULL,
  rating text NOT NULL, defaults_12m int NOT NULL, rated_at timestamptz,
  PRIMARY KEY (run_id, source, credit_key)
);

-- Dedupe: persistent identity (stable customer_id across runs) and per-run cluster membership.
CREATE TABLE core.customer_xref (
  source text NOT NULL, source_key text NOT NULL, customer_id text NOT NULL,
  first_run_id text NOT NULL, last_run_id text NOT NULL,
  PRIMARY KEY (source, source_key)
);
CREATE INDEX customer_xref_customer ON core.customer_xref (customer_id);
CREATE TABLE core.customer_merges (
  run_id text NOT NULL, merged_customer_id text NOT NULL, survivor_customer_id text NOT NULL,
  PRIMARY KEY (run_id, merged_customer_id)
);
CREATE TABLE core.int_customer_xref (
  run_id text NOT NULL, source text NOT NULL, source_key text NOT NULL, customer_id text NOT NULL,
  match_rule text NOT NULL,
  PRIMARY KEY (run_id, source, source_key)
);
CREATE INDEX int_customer_xref_customer ON core.int_customer_xref (run_id, customer_id);
-- Golden records per run, and the latest one per customer.
CREATE TABLE core.int_customers_golden (
  run_id text NOT NULL, customer_id text NOT NULL, name text NOT NULL, phone_e164 text, email text,
  region_code text, credit_code text, first_seen_at timestamptz, source_rows int NOT NULL,
  PRIMARY KEY (run_id, customer_id)
);
CREATE TABLE core.customers (
  customer_id text PRIMARY KEY, name text NOT NULL, phone_e164 text, email text, region_code text,
  credit_code text, first_seen_at timestamptz, last_run_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE core.customer_features (
  run_id text NOT NULL, customer_id text NOT NULL,
  revenue_cny numeric(18, 2) NOT NULL, gross_profit_cny numeric(18, 2) NOT NULL, margin double precision,
  order_count int NOT NULL, recency_days int, avg_payment_days double precision,
  overdue_share double precision, prev_revenue_cny numeric(18, 2) NOT NULL, growth_rate double precision,
  tenure_days int NOT NULL, credit_rating text, credit_score double precision, defaults_12m int NOT NULL,
  previous_tier text,
  PRIMARY KEY (run_id, customer_id)
);

CREATE TABLE core.customer_tiers (
  run_id text NOT NULL, customer_id text NOT NULL,
  score double precision NOT NULL, cluster int, threshold_tier text NOT NULL, kmeans_tier text,
  model_tier text NOT NULL, final_tier text NOT NULL, previous_tier text,
  rules_applied jsonb NOT NULL DEFAULT '[]', top_contributors jsonb NOT NULL DEFAULT '[]',
  tags text[] NOT NULL DEFAULT '{}', is_override boolean NOT NULL DEFAULT false,
  PRIMARY KEY (run_id, customer_id)
);

-- marts: what sales and finance read. One row per customer and quarter; tier history as SCD2.
CREATE TABLE marts.fct_customer_quarter (
  quarter text NOT NULL, customer_id text NOT NULL, run_id text NOT NULL,
  customer_name text NOT NULL, region_code text,
  revenue_cny numeric(18, 2) NOT NULL, gross_profit_cny numeric(18, 2) NOT NULL, margin double precision,
  order_count int NOT NULL, recency_days int, avg_payment_days double precision, overdue_share double precision,
  growth_rate double precision, tenure_days int NOT NULL, credit_rating text, defaults_12m int NOT NULL,
  score double precision NOT NULL, cluster int, model_tier text NOT NULL, final_tier text NOT NULL,
  previous_tier text, rules_applied jsonb NOT NULL, top_contributors jsonb NOT NULL, tags text[] NOT NULL,
  is_override boolean NOT NULL, published_at timestamptz NOT NULL,
  PRIMARY KEY (quarter, customer_id)
);
CREATE TABLE marts.dim_customer (
  customer_sk bigserial PRIMARY KEY,
  customer_id text NOT NULL, customer_name text NOT NULL, region_code text, tier text NOT NULL,
  valid_from_quarter text NOT NULL, valid_from date NOT NULL, valid_to date,
  is_current boolean NOT NULL, run_id text NOT NULL
);
CREATE UNIQUE INDEX dim_customer_one_current ON marts.dim_customer (customer_id) WHERE is_current;
CREATE TABLE marts.published_quarters (
  quarter text PRIMARY KEY, run_id text NOT NULL, customers bigint NOT NULL, published_at timestamptz NOT NULL
);

CREATE VIEW marts.v_customer_current_tier AS
SELECT d.customer_id, d.customer_name, d.region_code, d.tier, d.valid_from, d.valid_from_quarter AS quarter
FROM marts.dim_customer d WHERE d.is_current;

-- Migration counts between consecutive published quarters (filter by from_quarter/to_quarter for any pair
-- with marts.fct_customer_quarter directly).
CREATE VIEW marts.v_tier_migration AS
SELECT p.quarter AS from_quarter, c.quarter AS to_quarter, p.final_tier AS from_tier, c.final_tier AS to_tier,
       count(*) AS customers
FROM marts.fct_customer_quarter c
JOIN marts.fct_customer_quarter p ON p.customer_id = c.customer_id AND p.quarter < c.quarter
GROUP BY 1, 2, 3, 4;
