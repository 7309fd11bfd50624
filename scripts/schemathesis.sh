#!/usr/bin/env bash
# Property-based API tests of the simulator's DAS endpoints against the published spec
# (../shared/spec/das/openapi.yaml) with schemathesis (installed by scripts/setup.sh):
# no request may get a 5xx, and no request the spec would refuse may be accepted.
#   scripts/schemathesis.sh SIM_API_URL [max examples per operation, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
api="$1"
examples="${2:-30}"
spec="../shared/spec/das/openapi.yaml"
post() { curl -sf -X POST -H 'content-type: application/json' -d "$2" "$api$1"; }
post /_sim/das/offices '{"clientId":"schemathesis"}' >/dev/null
token="$(post /_sim/das/tokens '{"clientId":"schemathesis"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
.tools/schemathesis/bin/schemathesis run "$spec" --url "$api" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,negative_data_rejection \
  --max-examples "$examples" --no-color
