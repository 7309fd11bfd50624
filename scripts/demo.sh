#!/usr/bin/env bash
# The demo command: sets everything up, builds the web app, and runs
# - ipdocs-sim serving it (under its CSP) with both simulated services on one origin — default
#   port 8080 (IPDOCS_PORT=0 picks a free one), transit zone on IPDOCS_TRANSIT_PORT (8081);
# - ipdocs-office on IPDOCS_OFFICE_PORT (8090): the demo office's endpoint, which WIPO (the
#   simulator) calls, with its inbox in inbox.db under sim-data/. It answers forwarded requests
#   for the documents in examples/office-documents/ by itself (others wait for a clerk) and
#   fetches the documents WIPO announces into sim-data/delivered/.
# Open the printed app URL; the Inbox page needs the printed staff token (Settings). Ctrl-C
# stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --demo
export PATH="$PWD/node_modules/.bin:$PATH"
./scripts/build-app.sh
cargo build -q -p ipdocs-sim -p ipdocs-office

host=127.0.0.1
office="http://$host:${IPDOCS_OFFICE_PORT:-8090}"
mkdir -p sim-data
token_file=sim-data/staff.token
[ -s "$token_file" ] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$token_file"

ready=sim-data/ready.json
rm -f "$ready"
./target/debug/ipdocs-sim --port "${IPDOCS_PORT:-8080}" --transit-port "${IPDOCS_TRANSIT_PORT:-8081}" \
  --app dist --mount /pkg=pkg --mount /examples=examples --office "$office" --ready-file "$ready" &
sim=$!
trap 'kill $sim ${office_pid:-} ${pkg_pid:-} 2>/dev/null || true' EXIT INT TERM
# The simulator says where it listens (IPDOCS_PORT=0 picks a free port).
for _ in $(seq 1 200); do [ -s "$ready" ] && break; sleep 0.1; done
[ -s "$ready" ] || { echo "ipdocs-sim did not start" >&2; exit 1; }
api="$(sed -E 's/.*"api":"([^"]+)".*/\1/' "$ready")"
# The demo office's key is the simulator's (it generates one at each start).
curl -sf "$api/_sim/info" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.parse(s).das.privateKeyPem))' > sim-data/office.pem
chmod 600 sim-data/office.pem
mkdir -p sim-data/delivered
./target/debug/ipdocs-office --port "${IPDOCS_OFFICE_PORT:-8090}" --db sim-data/inbox.db \
  --jwks-url "$api/am/oauth2/connect/jwk_uri" --issuer "$api/am/oauth2" \
  --audience ipdocs-demo-office --staff-token-file "$token_file" --allow-origin "$api" \
  --documents examples/office-documents --hand-to-clerk not-held \
  --das-url "$api/das/v1" --token-url "$api/am/oauth2/access_token" \
  --client-id ipdocs-demo-office --key-file sim-data/office.pem \
  --deliver-to sim-data/delivered &
office_pid=$!
# The npm package only serves the examples under /examples/: built once the demo is up.
./scripts/build-pkg.sh > sim-data/build-pkg.log 2>&1 &
pkg_pid=$!
echo
echo "ipdocs demo: open $api  (office endpoint $office; Inbox staff token: $(cat "$token_file"))"
echo "(the npm package for $api/examples/ is built meanwhile: sim-data/build-pkg.log)"
wait $sim
