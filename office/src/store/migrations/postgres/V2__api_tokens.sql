-- Named API tokens: the SHA-256 digest only, a role, and when each was made and revoked.
CREATE TABLE api_tokens (
  name TEXT PRIMARY KEY,
  digest TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  revoked_at TEXT
);
