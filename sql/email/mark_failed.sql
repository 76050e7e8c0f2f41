-- Records a failed send with the server's reply (a later attempt claims the row again).
-- Bindings (positional, in order): $1 error (text)   $2 run_id   $3 recipient
-- Returns nothing.
UPDATE etl.email_outbox SET status = 'failed', error = ?
WHERE run_id = ? AND recipient = ?;
