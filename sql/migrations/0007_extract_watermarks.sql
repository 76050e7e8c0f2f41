-- Extraction watermarks: per run, source and entity, what the extract read and up to when, so that an
-- incremental (nightly) extract can read only the rows changed since and lay them over that run's staging.
CREATE TABLE etl.extract_watermarks (
  run_id           text NOT NULL REFERENCES etl.runs (run_id) ON DELETE CASCADE,
  source           text NOT NULL,
  entity           text NOT NULL,
  mode             text NOT NULL CHECK (mode IN ('full', 'incremental')),
  watermark_column text,                 -- the source column compared (NULL: the table has none mapped)
  watermark        text,                 -- max(watermark_column) as the source renders it, read in the same snapshot
  mapping          text NOT NULL,        -- the SELECT the rows were read with: a changed mapping forces a full extract
  base_run_id      text,                 -- incremental: the run whose staged rows the changed rows replaced
  rows_read        bigint NOT NULL,      -- rows read from the source (the changed rows when incremental)
  rows_total       bigint NOT NULL,      -- rows staged for this run (= etl.source_counts.extracted)
  partitions       int NOT NULL DEFAULT 1,
  extracted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, source, entity)
);
CREATE INDEX extract_watermarks_latest ON etl.extract_watermarks (source, entity, extracted_at DESC);

-- `retier rejects RUN` pages through a run's rejects by reject_id: keyset pages need this order per run.
CREATE INDEX rejects_run_id ON etl.rejects (run_id, reject_id);
