-- One run's dedupe result: each clean source customer with the customer_id it was given.
-- $1 run_id. Returns source, source_key, customer_id, match_rule, name; ordered for determinism.
SELECT x.source, x.source_key, x.customer_id, x.match_rule, c.name
FROM core.int_customer_xref x
LEFT JOIN core.int_customers c ON c.run_id = x.run_id AND c.source = x.source AND c.source_key = x.source_key
WHERE x.run_id = $1
ORDER BY x.source, x.source_key
