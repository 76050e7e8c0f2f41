-- Demo ground truth: keys and indexes after the bulk load. Parameters: none. Returns: nothing.
ALTER TABLE truth.customer_entities ADD PRIMARY KEY (source, source_key);
CREATE INDEX customer_entities_entity ON truth.customer_entities (entity_id);
CREATE INDEX defects_lookup ON truth.defects (source, entity, source_key);
ALTER TABLE truth.field_flags ADD PRIMARY KEY (source, entity, source_key, flag);
ANALYZE truth.customer_entities, truth.defects, truth.field_flags;
