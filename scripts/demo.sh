#!/usr/bin/env bash
# The demo command: sets everything up, builds the web app, and runs ipdocs-sim serving it
# (under its CSP) with both simulated services on one origin — default port 8080
# (IPDOCS_PORT=0 picks a free one), transit zone on IPDOCS_TRANSIT_PORT (default 8081).
# Open the printed "api" URL. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
./scripts/build-pkg.sh
./scripts/build-app.sh
cargo build -q -p ipdocs-sim
exec ./target/debug/ipdocs-sim --port "${IPDOCS_PORT:-8080}" --transit-port "${IPDOCS_TRANSIT_PORT:-8081}" \
  --app dist --mount /pkg=pkg --mount /examples=examples
