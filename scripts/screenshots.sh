#!/usr/bin/env bash
# Regenerates docs/screenshots/ (shown in the README): builds the web app, starts the
# simulator serving it, and photographs every page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
source scripts/sim.sh
./scripts/build-app.sh
sim_start --app dist
IPDOCS_SIM_URL="$SIM_API" node tests/e2e/screenshots.mjs docs/screenshots
