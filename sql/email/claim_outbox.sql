-- Claims the sending of a run's report to one recipient, before anything is sent. A new row, a 'failed'
-- one, or a 'sending' one left by a crashed attempt (the SMTP transaction did not complete as far as we
-- know) is (re)claimed; a 'sent' one only when forced.
-- Bindings (positional, in order): $1 run_id   $2 recipient   $3 message_id   $4 force (boolean)
-- Returns one row (attempts: 1 for a first send) when claimed, no row when already sent and not forced.
INSERT INTO etl.email_outbox AS o (run_id, recipient, message_id, status)
VALUES (?, ?, ?, 'sending')
ON CONFLICT (run_id, recipient) DO UPDATE
  SET status = 'sending', message_id = EXCLUDED.message_id, attempts = o.attempts + 1, error = NULL
  WHERE o.status <> 'sent' OR ?::boolean
RETURNING o.attempts;
