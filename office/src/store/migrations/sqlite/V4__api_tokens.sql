-- Named API tokens: the SHA-256 digest only, a role, and when each was made and revoked.
CREATE TABLE api_tokens (
  name TEXT PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at TEXT
);
