-- Run kinds: "retier" (the quarterly re-tier, every stage) and "sync" (the nightly incremental sync:
-- extract and clean only; it publishes nothing and mails no one). Forward-only.
ALTER TABLE etl.runs ADD COLUMN kind text NOT NULL DEFAULT 'retier' CHECK (kind IN ('retier', 'sync'));

-- At most one active run per quarter and kind: a sync neither blocks nor is blocked by its quarter's
-- re-tier, and a sync still queued (no worker) holds back the next night's instead of piling them up.
-- The index keeps its name: callers recognise the conflict by it.
DROP INDEX etl.runs_one_active_per_quarter;
CREATE UNIQUE INDEX runs_one_active_per_quarter ON etl.runs (quarter, kind) WHERE status IN ('queued', 'running');
