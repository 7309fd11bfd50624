-- The inbox and the unattended jobs as they were before numbered migrations (every
-- statement "IF NOT EXISTS": a database made by an older ipdocs-office passes unchanged).
CREATE TABLE IF NOT EXISTS forwarded (
  ack_id TEXT PRIMARY KEY,
  delivery_key TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  state TEXT NOT NULL DEFAULT 'open',
  request TEXT NOT NULL,
  answer TEXT,
  deliveries INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  notification TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  ack_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'answer',
  step TEXT NOT NULL DEFAULT 'lookup',
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  next_ms INTEGER NOT NULL,
  last_error TEXT,
  notification TEXT,
  file TEXT,
  trail TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (step, next_ms);
