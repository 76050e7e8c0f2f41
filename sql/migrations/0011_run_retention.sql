-- Retention: a run's bulky per-source-row intermediates (staging.stg_* and core.int_*) are deleted once
-- it is outside the keep window and nothing still needs them (src/ops/retention-plan.ts). The run itself,
-- its stages, counts, rejects, model, report and everything in marts stay. Forward-only.

-- Set when a prune of the run starts, before any row goes: from then on its earlier stages' output can
-- no longer be reused, so `retier retry` refuses it (a rerun from extract rebuilds it and clears both).
ALTER TABLE etl.runs ADD COLUMN pruned_at timestamptz;
-- Rows deleted, set when the prune finished; NULL with pruned_at set: an interrupted prune, resumed next time.
ALTER TABLE etl.runs ADD COLUMN pruned_rows bigint;

-- Each prune is an event of its run, with the rows deleted per table.
ALTER TABLE etl.run_events DROP CONSTRAINT run_events_event_check;
ALTER TABLE etl.run_events ADD CONSTRAINT run_events_event_check
  CHECK (event IN ('retry', 'rerun', 'cancel', 'stage_mark', 'enqueue_failed', 'prune'));
