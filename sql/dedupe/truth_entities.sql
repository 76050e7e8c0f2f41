-- The demo's ground truth (schema truth in the demo ERP database): which real customer each source
-- customer row is. No parameters. Returns source, source_key, entity_id.
SELECT source, source_key, entity_id FROM truth.customer_entities
