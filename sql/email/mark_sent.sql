-- Records that the SMTP server accepted the message.
-- Bindings (positional, in order): $1 run_id   $2 recipient
-- Returns nothing.
UPDATE etl.email_outbox SET status = 'sent', sent_at = now(), error = NULL
WHERE run_id = ? AND recipient = ?;
