-- Records a finished prune: the rows deleted on the run, and an event with them per table.
-- $1 run_id, $2 rows deleted, $3 actor, $4 reason, $5 details (jsonb: table → rows). Returns nothing;
-- changes nothing when a rerun cleared pruned_at meanwhile.
WITH r AS (
  UPDATE etl.runs SET pruned_rows = $2 WHERE run_id = $1 AND pruned_at IS NOT NULL RETURNING run_id
)
INSERT INTO etl.run_events (run_id, event, actor, reason, details)
SELECT run_id, 'prune', $3, $4, $5 FROM r
