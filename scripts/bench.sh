#!/usr/bin/env bash
# The bench command: builds the npm package, a bench build (extra exports) and the web app,
# starts the simulator, runs each bench in headless Chromium, and records results in
# BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
source scripts/sim.sh
source scripts/postgres.sh

./scripts/build-pkg.sh
./scripts/build-pkg.sh --stable --out target/pkg-stable
./scripts/build-app.sh
./scripts/build-app.sh --office
cargo build -q -p ipdocs --target wasm32-unknown-unknown --release --features bench
rm -rf target/bench-pkg
wasm-bindgen --target web --out-dir target/bench-pkg --out-name ipdocs \
  target/wasm32-unknown-unknown/release/ipdocs.wasm
wasm-opt -Oz target/bench-pkg/ipdocs_bg.wasm -o target/bench-pkg/ipdocs_bg.wasm

sim_start --app dist --mount /bench-pkg=target/bench-pkg --mount /bench=bench
IPDOCS_SIM_URL="$SIM_API" node bench/run.mjs "$SIM_API" claims /bench/claims.html pkg/claims_bg.wasm
IPDOCS_SIM_URL="$SIM_API" node bench/run.mjs "$SIM_API" das /bench/das.html pkg/das_bg.wasm
IPDOCS_SIM_URL="$SIM_API" node bench/run.mjs "$SIM_API" volume /bench/volume.html pkg/das-batch_bg.wasm
node bench/package-size.mjs
IPDOCS_SIM_URL="$SIM_API" node bench/app.mjs "$SIM_API"
cargo build -q -p ipdocs-office
pg_start
IPDOCS_SIM_URL="$SIM_API" node bench/office.mjs
IPDOCS_SIM_URL="$SIM_API" node bench/office-answers.mjs
node bench/office-inbox.mjs
