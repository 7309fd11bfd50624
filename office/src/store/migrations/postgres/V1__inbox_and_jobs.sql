-- The inbox and the unattended jobs in PostgreSQL: the same columns as in SQLite (JSON kept
-- as text, times as the same UTC text stamps, so that cursors and filters compare alike).
CREATE TABLE forwarded (
  ack_id TEXT PRIMARY KEY,
  delivery_key TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  state TEXT NOT NULL DEFAULT 'open',
  request TEXT NOT NULL,
  answer TEXT,
  deliveries BIGINT NOT NULL DEFAULT 1
);
CREATE TABLE notifications (
  id BIGSERIAL PRIMARY KEY,
  received_at TEXT NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  notification TEXT NOT NULL
);
CREATE TABLE jobs (
  ack_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'answer',
  step TEXT NOT NULL DEFAULT 'lookup',
  attempts BIGINT NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL,
  next_ms BIGINT NOT NULL,
  last_error TEXT,
  notification TEXT,
  file TEXT,
  trail TEXT NOT NULL DEFAULT '[]',
  claimed_by TEXT,
  claimed_until_ms BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX jobs_due ON jobs (step, next_ms);
CREATE INDEX forwarded_received ON forwarded (received_at, ack_id);
CREATE INDEX forwarded_state_received ON forwarded (state, received_at, ack_id);
CREATE INDEX forwarded_number ON forwarded (((request::jsonb) ->> 'documentNumber'));
CREATE INDEX notifications_received ON notifications (received_at);
