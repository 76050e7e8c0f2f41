-- Demo ground truth (schema truth in the ERP database): drops and recreates
-- truth.customer_entities (which golden customer each source customer row is),
-- truth.defects (one row per source row the clean stage must reject, with its reason code),
-- truth.field_flags (fields the clean stage must null and flag) and truth.seed_info (what was seeded;
-- written last, so its presence means the seed completed). Parameters: none. Returns: nothing.
DROP SCHEMA IF EXISTS truth CASCADE;
CREATE SCHEMA truth;

CREATE TABLE truth.customer_entities (
  source      text NOT NULL CHECK (source IN ('erp', 'crm')),
  source_key  text NOT NULL,
  entity_id   text NOT NULL               -- 'G0000042'
);

CREATE TABLE truth.defects (
  source      text NOT NULL,
  entity      text NOT NULL CHECK (entity IN ('customer', 'order', 'order_line', 'payment', 'credit')),
  source_key  text NOT NULL,              -- an exact duplicate copied twice appears twice
  reason      text NOT NULL
);

CREATE TABLE truth.field_flags (
  source      text NOT NULL,
  entity      text NOT NULL,
  source_key  text NOT NULL,
  flag        text NOT NULL               -- invalid_email | invalid_phone | invalid_credit_code
);

CREATE TABLE truth.seed_info (
  customers          int NOT NULL,
  seed               bigint NOT NULL,
  anchor             timestamptz NOT NULL,
  generator_version  text NOT NULL,
  order_scale        double precision NOT NULL DEFAULT 1,
  row_counts         jsonb NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
