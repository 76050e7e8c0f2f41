-- Ratings whose customer the clean did not accept (committed in core.int_customers by now) become
-- parent_rejected, the last reason a rating can have. $1 run_id, $2 source. Updates cls_credit.
UPDATE cls_credit r SET reason = 'parent_rejected'
WHERE r.reason IS NULL
  AND NOT EXISTS (SELECT 1 FROM core.int_customers c
                  WHERE c.run_id = $1 AND c.source = $2 AND c.source_key = r.customer_key)
