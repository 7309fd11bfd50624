#!/usr/bin/env bash
# The test command: sets everything up, then runs every test — native (sans-IO core and
# simulator), lint, headless-Chromium tests of the Rust API, the npm package's JS tests and
# the web app's end-to-end tests — against a simulator this script starts on free loopback
# ports and stops afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT=180
source scripts/sim.sh
# The simulator is the one the native tests' workspace build made (see scripts/sim.sh).
export SIM_BUILD="cargo test -q --workspace --exclude ipdocs-www --no-run"
source scripts/postgres.sh

START=$SECONDS
step() { printf '\n== %s  (%ds)\n' "$*" $((SECONDS - START)); }

step "format and lint"
cargo fmt --all -- --check
# Every relative link of README.md and docs/ resolves; the README stays a front page.
node scripts/check-links.mjs
# Every text of the app in every language, none left in English, none unused.
node scripts/check-translations.mjs
# No two source files of the app or the office import each other, directly or around.
python3 scripts/import-circles.py www/src office/src sim/src
# The benches are not run here (./scripts/bench.sh does): at least they must parse.
for bench in bench/*.mjs; do node --check "$bench"; done
[ "$(wc -l < README.md)" -le 200 ] || { echo "README.md is over 200 lines: move detail to docs/" >&2; exit 1; }
# The web app (www/) is wasm-only: linted for wasm32, excluded from the native runs.
cargo clippy -q --workspace --exclude ipdocs-www --all-targets -- -D warnings
cargo clippy -q -p ipdocs -p ipdocs-www -p ipdocs-decoder --target wasm32-unknown-unknown --all-targets -- -D warnings
# Each service's package build alone (code only one service uses must not warn in the other).
for service in claims das das-batch; do
  cargo clippy -q -p ipdocs --target wasm32-unknown-unknown --no-default-features --features "$service" -- -D warnings
done
# The app as an office builds it, without the simulator's demo helpers.
cargo clippy -q -p ipdocs-www --target wasm32-unknown-unknown --no-default-features -- -D warnings

step "start PostgreSQL (Debian's package, a temporary directory, a free loopback port)"
pg_start
export IPDOCS_REQUIRE_POSTGRES=1

step "native tests (sans-IO core, simulator, ipdocs-office on SQLite and PostgreSQL)"
cargo test -q --workspace --exclude ipdocs-www
cargo test -q -p ipdocs-www-logic --no-default-features

step "ipdocs-office's exchange suites again, each office on PostgreSQL"
# Selected from the whole workspace, not `-p ipdocs-office`: the same features as the run
# above, so nothing is compiled again.
IPDOCS_OFFICE_TEST_DB=postgres cargo test -q --workspace --exclude ipdocs-www --test answers --test deliveries --test exchange

step "fuzz targets: a short smoke run of each (scripts/fuzz.sh runs them for longer)"
./scripts/fuzz.sh 3

step "npm package build: the size build (published, tested below, held to 120 KiB per service), and the stable toolchain's"
./scripts/build-pkg.sh
node scripts/check-package-size.mjs
./scripts/build-pkg.sh --stable --out target/pkg-stable

step "Vite example built from the packed tarball"
./scripts/build-examples.sh

step "type test of the npm package's declarations (tsc --strict)"
tsc -p tests/types
tsc -p tests/types/tsconfig.es2022.json

step "web app build (split into chunks by page), and as an office builds it (no demo feature)"
./scripts/build-app.sh
./scripts/build-app.sh --office --stable

step "ipdocs-office's Debian package: built, installed with dpkg -i, checked, purged"
./scripts/package-office.sh
./tests/package/office-deb.sh

step "start the simulator"
sim_start --app dist --mount /pkg=pkg --mount /tests/js=tests/js --mount /examples=examples \
  --mount /office-build=dist-office
echo "api $SIM_API, transit $SIM_TRANSIT"

step "schemathesis: the simulator's DAS endpoints against the published spec"
./scripts/schemathesis.sh "$SIM_API"

step "browser tests of the Rust API (headless Chromium)"
IPDOCS_SIM_URL="$SIM_API" cargo test -p ipdocs --target wasm32-unknown-unknown --test '*'

step "JS tests of the npm package (headless Chromium)"
IPDOCS_SIM_URL="$SIM_API" node --test --test-concurrency=1 tests/js/

step "JS tests of the npm package built by the stable toolchain, DAS against a simulator serving seed 000's literal forms"
SPEC_SIM_API="$SIM_API"
sim_start --das-forms seed --mount /pkg=target/pkg-stable --mount /tests/js=tests/js
IPDOCS_SIM_URL="$SIM_API" node --test --test-concurrency=1 tests/js/das.test.mjs tests/js/claims.test.mjs
SIM_API="$SPEC_SIM_API"

step "end-to-end tests of the web app (headless Chromium)"
rm -rf target/test-logs
IPDOCS_SIM_URL="$SIM_API" node --test --test-concurrency=1 tests/e2e/

step "no secret in any ipdocs-office log of the end-to-end run"
./scripts/log-secrecy.sh

step "all tests passed"
