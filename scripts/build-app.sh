#!/usr/bin/env bash
# Builds the web app into dist/: `trunk build --release` (wasm-bindgen 0.2.130, wasm-opt from
# node_modules — never Debian's binaryen), then Trunk's inline start-up script is moved into
# a file so the strict CSP needs no 'unsafe-inline', and gzip and brotli copies are made for
# the servers to send as they are. dist/ is plain static files.
# `--office`: an office's own build, without the simulator's demo helpers, into dist-office/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
dist=dist
flags=()
if [ "${1:-}" = "--office" ]; then
  dist=dist-office
  flags=(--no-default-features --dist "$dist")
fi
# Nothing to do when the last build is newer than everything it is made from.
if [ -f "$dist/index.html" ] && [ -z "$(find www src core index.html Trunk.toml Cargo.toml Cargo.lock \
     scripts/externalise-start.mjs scripts/precompress.mjs -newer "$dist/index.html" -print -quit)" ]; then
  echo "$dist: up to date"
  exit 0
fi
trunk build index.html --release --quiet "${flags[@]}"
node scripts/externalise-start.mjs "$dist"
node scripts/precompress.mjs "$dist"
for wasm in "$dist"/ipdocs-www-*_bg.wasm "$dist"/ipdocs-decoder_bg.wasm; do
  echo "$wasm: $(wc -c < "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) gzip"
done
