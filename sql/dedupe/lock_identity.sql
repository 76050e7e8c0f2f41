-- Keeps other writers out of the identity tables until the dedupe's transaction ends: its publish inserts
-- the keys it did not find, which another run's publish could insert meanwhile. Readers are not blocked
-- (SHARE ROW EXCLUSIVE conflicts with writes, not with reads); another dedupe's publish waits its turn.
-- No parameters.
LOCK TABLE core.customer_xref, core.customers IN SHARE ROW EXCLUSIVE MODE
