-- Demo ERP source (database retier_demo_erp): drops and recreates schemas erp and risk with
-- erp.customers, erp.orders, erp.order_lines, erp.payments and risk.credit_ratings, empty and without keys.
-- Keys and indexes come after the bulk load (erp-keys.sql). No foreign keys: the ERP has orphan orders.
-- Parameters: none. Returns: nothing.
DROP SCHEMA IF EXISTS erp CASCADE;
DROP SCHEMA IF EXISTS risk CASCADE;
CREATE SCHEMA erp;
CREATE SCHEMA risk;

CREATE TABLE erp.customers (
  id            text NOT NULL,          -- 'E0000123'
  company_name  text,                   -- NULL or blank on a few rows (missing key)
  phone         text,
  email         text,
  region        text,                   -- province name in one of its spellings
  credit_code   text,                   -- 统一社会信用代码, 18 characters when well-formed
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE erp.orders (
  id            bigint NOT NULL,
  customer_id   text NOT NULL,          -- erp.customers.id, except for orphan orders
  ordered_at    timestamptz NOT NULL,
  currency      text NOT NULL,          -- ISO 4217, a few unknown codes
  total_amount  numeric(18, 2) NOT NULL, -- in currency; equals the sum of its lines except on defects
  due_at        timestamptz NOT NULL
);

CREATE TABLE erp.order_lines (
  id            bigint NOT NULL,
  order_id      bigint NOT NULL,
  sku           text NOT NULL,
  quantity      numeric(18, 3) NOT NULL,
  unit_price    numeric(18, 2) NOT NULL,
  amount        numeric(18, 2) NOT NULL, -- round(quantity * unit_price, 2)
  cost_amount   numeric(18, 2)
);

CREATE TABLE erp.payments (
  id            bigint NOT NULL,
  order_id      bigint NOT NULL,
  amount        numeric(18, 2) NOT NULL, -- in the order's currency
  paid_at       timestamptz NOT NULL
);

CREATE TABLE risk.credit_ratings (
  id            bigint NOT NULL,
  customer_id   text NOT NULL,          -- erp.customers.id
  rating        char(1) NOT NULL CHECK (rating IN ('A', 'B', 'C', 'D')),
  defaults_12m  int NOT NULL,
  rated_at      timestamptz NOT NULL
);
