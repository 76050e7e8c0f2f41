-- Orders whose customer the clean did not accept (committed in core.int_customers by now) become
-- orphan_order. The reason ranks where it always did: after the row's own defects, before a total that
-- does not match its lines (the detail, "total … vs lines …", stays). $1 run_id, $2 source. Updates cls_orders.
UPDATE cls_orders o SET reason = 'orphan_order'
WHERE (o.reason IS NULL OR o.reason = 'total_mismatch')
  AND NOT EXISTS (SELECT 1 FROM core.int_customers c
                  WHERE c.run_id = $1 AND c.source = $2 AND c.source_key = o.customer_key)
