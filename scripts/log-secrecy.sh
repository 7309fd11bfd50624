#!/usr/bin/env bash
# After the end-to-end tests: every ipdocs-office log of the run (target/test-logs/, JSON
# lines at level info) must hold no secret — no staff or API token, no JWT (WIPO's bearer
# tokens, ID tokens, client assertions all start `eyJ`), no private key, no presigned URL
# signature — and must be there at all (an empty run would prove nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/test-logs
lines=$(cat "$dir"/*.log 2>/dev/null | wc -l)
[ "$lines" -ge 100 ] || { echo "log secrecy: only $lines log lines in $dir" >&2; exit 1; }
found=$(grep -l -E 'staff-token-[0-9]|eyJ[A-Za-z0-9_-]{10}|PRIVATE KEY|X-Amz-Signature|ipo_[A-Za-z0-9_-]{20}|"authorization"' "$dir"/*.log || true)
if [ -n "$found" ]; then
  echo "log secrecy: secrets in $found" >&2
  grep -h -o -E '.{0,80}(staff-token-[0-9]|eyJ|PRIVATE KEY|X-Amz-Signature|ipo_).{0,20}' $found | head -5 >&2
  exit 1
fi
# The logs are the operator's: one JSON object per line.
if ! cat "$dir"/*.log | node -e 'const lines = require("fs").readFileSync(0, "utf8").trim().split("\n"); for (const l of lines) JSON.parse(l);'; then
  echo "log secrecy: a log line is not JSON" >&2; exit 1
fi
echo "log secrecy: $lines lines in $(ls "$dir"/*.log | wc -l) office logs, no secret"
