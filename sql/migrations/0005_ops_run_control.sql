-- Operations on runs: flow attempts (retry/rerun get fresh job ids), who did what to a run and why,
-- and the outbox that makes a failure alert go out once. Forward-only.

-- Each retry or rerun enqueues a new flow whose job ids end in __a<flow_attempt>; a stage job whose id
-- does not match the run's current attempt belongs to an abandoned flow and is refused.
ALTER TABLE etl.runs ADD COLUMN flow_attempt int NOT NULL DEFAULT 0 CHECK (flow_attempt >= 0);

-- Every operator action and scheduler decision on a run: retry, rerun, cancel, stage marks, fires.
CREATE TABLE etl.run_events (
  event_id    bigserial PRIMARY KEY,
  run_id      text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  event       text NOT NULL CHECK (event IN ('retry', 'rerun', 'cancel', 'stage_mark', 'enqueue_failed')),
  stage       text CHECK (stage IN ('extract', 'clean', 'dedupe', 'features', 'tier', 'load', 'report', 'email')),
  actor       text NOT NULL,              -- OS user of the CLI, or "scheduler"
  reason      text,
  details     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX run_events_run ON etl.run_events (run_id, event_id);

-- One row per failure alert and recipient, written before sending: a failure is announced once.
-- alert_key names the failure: <stage>-a<flow_attempt> (a retry that fails again alerts again).
CREATE TABLE etl.alert_outbox (
  run_id      text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  alert_key   text NOT NULL,
  recipient   text NOT NULL,
  message_id  text NOT NULL,
  status      text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  error       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  PRIMARY KEY (run_id, alert_key, recipient)
);
