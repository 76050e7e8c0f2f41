-- Schemas and the run ledger. Forward-only: never edit once landed; add a new numbered file instead.
CREATE SCHEMA IF NOT EXISTS etl;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS marts;

CREATE TABLE etl.runs (
  run_id        text PRIMARY KEY CHECK (run_id ~ '^[A-Za-z0-9_-]+$' AND run_id !~ '^[0-9]+$'),
  quarter       text NOT NULL CHECK (quarter ~ '^[0-9]{4}Q[1-4]$'),
  trigger       text NOT NULL CHECK (trigger IN ('cron', 'manual', 'backfill', 'retry', 'event', 'demo')),
  params        jsonb NOT NULL DEFAULT '{}',
  config_hash   text NOT NULL,
  status        text NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  as_of_at      timestamptz NOT NULL,          -- the run's notion of "now" (future-date checks)
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  error         text
);
-- At most one active run per quarter: the insert decides which scheduler enqueues.
CREATE UNIQUE INDEX runs_one_active_per_quarter ON etl.runs (quarter) WHERE status IN ('queued', 'running');
CREATE INDEX runs_quarter_created ON etl.runs (quarter, created_at DESC);

CREATE TABLE etl.stage_runs (
  run_id        text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  stage         text NOT NULL CHECK (stage IN ('extract', 'clean', 'dedupe', 'features', 'tier', 'load', 'report', 'email')),
  stage_order   int NOT NULL,
  status        text NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  attempts      int NOT NULL DEFAULT 0,
  job_id        text,
  rows_in       bigint,
  rows_out      bigint,
  rows_rejected bigint,
  details       jsonb NOT NULL DEFAULT '{}',
  started_at    timestamptz,
  finished_at   timestamptz,
  error         text,
  PRIMARY KEY (run_id, stage)
);

-- Per source table and run: extracted = accepted + rejected (the reconciliation invariant).
CREATE TABLE etl.source_counts (
  run_id     text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  source     text NOT NULL,
  entity     text NOT NULL,
  extracted  bigint NOT NULL DEFAULT 0,
  accepted   bigint,
  rejected   bigint,
  PRIMARY KEY (run_id, source, entity)
);

CREATE TABLE etl.rejects (
  reject_id  bigserial PRIMARY KEY,
  run_id     text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  source     text NOT NULL,
  entity     text NOT NULL,
  source_key text,
  reason     text NOT NULL,
  detail     text,
  raw        jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rejects_run_reason ON etl.rejects (run_id, reason);

-- Field-level problems that did not cost the row (an invalid email is nulled and flagged).
CREATE TABLE etl.field_flags (
  run_id     text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  source     text NOT NULL,
  entity     text NOT NULL,
  flag       text NOT NULL,
  row_count  bigint NOT NULL,
  PRIMARY KEY (run_id, source, entity, flag)
);

CREATE TABLE etl.tier_models (
  run_id      text PRIMARY KEY REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  quarter     text NOT NULL,
  config_hash text NOT NULL,
  model       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE etl.report_files (
  run_id     text PRIMARY KEY REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  file_name  text NOT NULL,
  file_path  text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256     text NOT NULL,
  bytes      bytea NOT NULL,
  summary    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per run and recipient, written before sending: a retried job never sends twice.
CREATE TABLE etl.email_outbox (
  run_id      text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  recipient   text NOT NULL,
  message_id  text NOT NULL,
  status      text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  attempts    int NOT NULL DEFAULT 1,
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  PRIMARY KEY (run_id, recipient)
);

-- Manual overrides and approved appeals (申诉); applied after the rules.
CREATE TABLE etl.overrides (
  override_id bigserial PRIMARY KEY,
  customer_id text NOT NULL,
  tier        text NOT NULL,
  reason      text NOT NULL,
  approver    text NOT NULL,
  kind        text NOT NULL DEFAULT 'override' CHECK (kind IN ('override', 'appeal')),
  valid_from  date NOT NULL,
  valid_to    date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  removed_at  timestamptz
);
