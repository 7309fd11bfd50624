#!/usr/bin/env bash
# The demo command: sets everything up, builds, and runs ipdocs-sim serving the app on one
# origin (default port 8080; IPDOCS_PORT=0 picks a free one). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
./scripts/build-pkg.sh
cargo build -q -p ipdocs-sim
exec ./target/debug/ipdocs-sim --port "${IPDOCS_PORT:-8080}" --mount /pkg=pkg --mount /=demo
