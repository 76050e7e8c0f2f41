-- Dedupe: each source row's customer_id before the run that last changed it, so a retried (or rerun)
-- dedupe stage sees the ids its first attempt saw and gives the same ids and merges. Forward-only.
ALTER TABLE core.customer_xref ADD COLUMN previous_customer_id text;
