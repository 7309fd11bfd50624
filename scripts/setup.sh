#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine of the `rust` kind.
# Everything comes from the package registries (crates.io, npm, Debian); nothing is downloaded
# from elsewhere. A rerun that finds everything installed takes well under a second.
# Versions and traps: see ../shared/design/toolchain.md (never Debian's `binaryen`).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_SPLIT_VERSION=0.2.3
log() { printf '[setup] %s\n' "$*" >&2; }

# `--demo`: only what the demo needs (the wasm target, wasm-bindgen, wasm-split-cli, the node tools);
# without it, also the test command's tools. Debian's packages are installed in the background
# while cargo builds its tools, and waited for at the end.
demo=false
[ "${1:-}" = "--demo" ] && demo=true

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The test command's Debian packages, in the background (see the end).
apt_installs() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    log "installing chromium + chromium-driver from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi

  if [ ! -d /usr/share/fonts/truetype/vlgothic ]; then
    log "installing a Japanese font (fonts-vlgothic, 2 MB) so the app's Japanese is drawn, not boxes, in the layout tests and screenshots"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq fonts-vlgothic >/dev/null || { apt-get update -qq && apt-get install -y -qq fonts-vlgothic >/dev/null; }
  fi

  if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
    log "installing nginx-light (deploy/nginx.conf's test) and wrk (ipdocs-office's bench) from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq nginx-light wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light wrk >/dev/null; }
  fi

  if ! command -v adduser >/dev/null; then
    log "installing adduser (the office package's install script makes its service user with it)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq adduser >/dev/null || { apt-get update -qq && apt-get install -y -qq adduser >/dev/null; }
  fi

  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian (ipdocs-office's shared-database tests start their own server)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq postgresql >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }
  fi
}
apt_pid=""
if ! $demo; then
  apt_log="$(mktemp)"
  apt_installs > "$apt_log" 2>&1 &
  apt_pid=$!
fi

# Node tools (binaryen's wasm-opt 132, playwright-core, typescript): the root package.json,
# installed in the background while cargo builds its tools (mostly network and disk).
npm_pid=""
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  log "installing node tools (npm ci, in the background)"
  npm_log="$(mktemp)"
  { npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; } > "$npm_log" 2>&1 &
  npm_pid=$!
fi

# The cargo-installed tools build one after another: side by side on 2 cores they took longer
# (a fresh demo 992 s against 921 s). A tool that mostly waits on cargo or reads a file once
# needs no optimised build of its own: without LTO and at opt-level 1, trunk (which built the
# app before) built in 256 s instead of 321 s.
quick_build=(CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=1)

WBG_VERSION="$(wasm_bindgen_version)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  # Optimised as published: it rewrites every wasm file the app and the tests build.
  log "installing wasm-bindgen-cli $WBG_VERSION (without --locked: its lockfile wants a crate this registry lacks)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# The app's build splits its wasm at the pages loaded on first visit (scripts/build-app.sh).
# (It has no --version: cargo's record of installed crates says which one is there.)
if ! command -v wasm-split-cli >/dev/null \
   || ! grep -qs "^\"wasm_split_cli_support $WASM_SPLIT_VERSION " "${CARGO_HOME:-$HOME/.cargo}/.crates.toml"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION"
  env "${quick_build[@]}" cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
    --features build-binary --locked
fi

if ! $demo; then
  # Fuzzing (scripts/fuzz.sh, and its smoke run in the test command) and the npm package's
  # size build: nightly, cargo-fuzz.
  if ! rustup toolchain list | grep -q '^nightly'; then
    log "adding the nightly toolchain (cargo-fuzz and the package's size build need it)"
    rustup toolchain install nightly --profile minimal
  fi
  # The npm package's size build (scripts/build-pkg.sh) rebuilds the standard library.
  if ! rustup component list --toolchain nightly --installed | grep -q '^rust-src'; then
    log "adding rust-src to nightly (the npm package's size build)"
    rustup component add rust-src --toolchain nightly
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz"
    env "${quick_build[@]}" cargo install cargo-fuzz --version 0.13.2 --locked
  fi

  # cargo-deb: ipdocs-office's Debian package (scripts/package-office.sh, tested by the test
  # command). Left optimised (no LTO): not measured at opt-level 1.
  if ! cargo deb --version >/dev/null 2>&1; then
    log "installing cargo-deb"
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install cargo-deb --version 3.8.0 --locked
  fi

  # schemathesis (the simulator's DAS endpoints against the published spec), in a venv of its own.
  SCHEMATHESIS_VERSION=4.32.5
  if [ "$(.tools/schemathesis/bin/schemathesis --version 2>/dev/null | awk '{print $3}')" != "$SCHEMATHESIS_VERSION" ]; then
    log "installing schemathesis $SCHEMATHESIS_VERSION (PyPI, into .tools/schemathesis)"
    python3 -m venv .tools/schemathesis
    .tools/schemathesis/bin/pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi

# Node tools: waited for here (they were installed in the background meanwhile).
if [ -n "$npm_pid" ]; then
  if ! wait "$npm_pid"; then
    cat "$npm_log" >&2
    log "installing the node tools failed"
    exit 1
  fi
  rm -f "$npm_log"
fi

if [ -n "$apt_pid" ]; then
  if ! wait "$apt_pid"; then
    cat "$apt_log" >&2
    log "installing Debian's packages failed"
    exit 1
  fi
  cat "$apt_log" >&2
  rm -f "$apt_log"
fi
