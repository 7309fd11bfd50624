#!/usr/bin/env bash
# Builds ipdocs-office's Debian package into target/debian/: the server (cargo profile
# `office`), its systemd unit, the commented config and the office's build of the web app
# (scripts/build-app.sh --office, built here if dist-office/ is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo-deb >/dev/null; then
  echo "[package] installing cargo-deb" >&2
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-deb --version 3.8.0 --locked
fi
[ -f dist-office/index.html ] || ./scripts/build-app.sh --office
cargo deb -p ipdocs-office --profile office --output target/debian/ "$@"
